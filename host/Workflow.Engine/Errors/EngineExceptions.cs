namespace Workflow.Engine.Errors;

// The refusals cross silos (a request to one server reaches the grain on another): Orleans must serialize them as
// themselves, or the caller would see an unknown error (a 500) instead of the refusal and its reason.

/// <summary>A request the engine refuses because of what it asks; nothing was changed. Maps to HTTP 400.</summary>
[GenerateSerializer, Alias("wf.ValidationFailedException")]
public sealed class ValidationFailedException(IReadOnlyDictionary<string, string[]> errors)
    : Exception(string.Join("; ", errors.SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}"))))
{
    public ValidationFailedException(string field, string reason) : this(new Dictionary<string, string[]> { [field] = [reason] }) { }

    /// <summary>Reasons by field name.</summary>
    [Id(0)] public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = errors;
}

/// <summary>The request clashes with what is stored (it already exists, or it changed meanwhile). Maps to HTTP 409.</summary>
[GenerateSerializer, Alias("wf.ConflictException")]
public sealed class ConflictException(string message) : Exception(message);

/// <summary>The thing asked for does not exist in the caller's tenant. Maps to HTTP 404.</summary>
[GenerateSerializer, Alias("wf.NotFoundException")]
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The caller is known but the rules do not let them do this. Maps to HTTP 403.</summary>
[GenerateSerializer, Alias("wf.ForbiddenException")]
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>
/// The record cannot be posted as it is (not released, not a type that posts, nothing to post, lines out of balance);
/// nothing was posted. Maps to HTTP 422.
/// </summary>
[GenerateSerializer, Alias("wf.PostingBlockedException")]
public sealed class PostingBlockedException(string message) : Exception(message);

/// <summary>
/// A rule refuses an event as a whole, from inside a response (Business Central's error in the middle of "send approval
/// request": no approver can be found). Unlike a response's own failure it fails no instance: the record drops the event
/// it took and nothing of it is kept, so it can be sent again once the setup is fixed. Maps to HTTP 422.
/// </summary>
[GenerateSerializer, Alias("wf.EventRefusedException")]
public sealed class EventRefusedException(string message) : Exception(message);

/// <summary>
/// The engine's refusals: what it answers because of what was asked (invalid, clashing, not allowed, refused by a rule,
/// gone), never a failure of the machinery. The same request gets the same answer until someone changes the setup.
/// </summary>
public static class Refusal
{
    public static bool Is(Exception exception) =>
        exception is EventRefusedException or ConflictException or ValidationFailedException or ForbiddenException or NotFoundException;
}
