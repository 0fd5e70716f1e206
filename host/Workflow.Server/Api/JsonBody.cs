using System.Text.Json;
using System.Text.Json.Serialization;
using Workflow.Engine.Errors;
using Workflow.Engine.Workflows;
using Workflow.Server.Api;

namespace Workflow.Server;

/// <summary>
/// Reads request bodies so that every way a body can be wrong ends in a 400 naming the field and the reason: too large,
/// not JSON, a property of the wrong type or an enum value no member has, an unknown property, a missing required one,
/// text over its <see cref="TextLimits"/> or holding U+0000.
/// </summary>
public static class JsonBody
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new DefinedEnumConverter(), new Api.Workflows.StepTextValuesConverter() },
    };

    public static async Task<T> ReadAsync<T>(HttpRequest request, ApiOptions limits) where T : class
    {
        if (request.ContentLength > limits.MaxRequestBodyBytes)
            throw TooLarge(limits);
        if (request.ContentType is { } contentType && !contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
            throw new ValidationFailedException("body", $"must be JSON (Content-Type application/json), not '{contentType}'.");

        // Counts as it reads, because chunked bodies carry no Content-Length.
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limits.MaxRequestBodyBytes)
                throw TooLarge(limits);
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
            throw new ValidationFailedException("body", "is required: send a JSON object.");

        var json = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var problems = new ProblemList();
        TextLimits.Check(json, problems);
        problems.ThrowIfAny();
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options)
                ?? throw new ValidationFailedException("body", "must be a JSON object, not null.");
        }
        catch (JsonException exception)
        {
            var field = string.IsNullOrEmpty(exception.Path) || exception.Path == "$" ? "body" : exception.Path.TrimStart('$', '.');
            throw new ValidationFailedException(field, Reason(exception));
        }
    }

    private static string Reason(JsonException exception)
    {
        var position = exception.LineNumber is { } line ? $" (line {line + 1}, byte {exception.BytePositionInLine + 1})" : "";
        var message = exception.Message;
        // System.Text.Json appends its own "Path: ... | LineNumber: ..." which the field name already says.
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
            message = message[..cut];
        return message.TrimEnd('.') + position + ".";
    }

    private static ValidationFailedException TooLarge(ApiOptions limits) =>
        new("body", $"is larger than the limit of {limits.MaxRequestBodyBytes} bytes.");
}

/// <summary>Limits of the HTTP API. Bound from the <c>Api</c> configuration section.</summary>
public sealed class ApiOptions
{
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
