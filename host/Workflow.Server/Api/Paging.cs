using Workflow.Engine.Errors;

namespace Workflow.Server.Api;

/// <summary>The paging rules every list of the API shares.</summary>
public static class Paging
{
    public static int Skip(int skip) => skip >= 0 ? skip : throw new ValidationFailedException("skip", "must not be negative.");

    public static int Take(int take) => take is >= 1 and <= 1000 ? take : throw new ValidationFailedException("take", "must be between 1 and 1000.");
}
