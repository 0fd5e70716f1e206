using Microsoft.AspNetCore.Diagnostics;
using Workflow.Engine.Errors;

namespace Workflow.Server;

/// <summary>
/// Turns the engine's refusals into problem details with the matching status. Failures that a retry can cure (the
/// database unreachable or restarting, a silo gone mid-call, a write that lost a race) are a 503 with Retry-After: the
/// failed call left nothing half-done visible (an approval whose release could not be raised yet keeps its outbox event,
/// which the relay or the retry raises), so the client may send it again. Anything else is a logged 500.
/// </summary>
public sealed class EngineExceptionHandler(ILogger<EngineExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case ValidationFailedException validation:
                await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "The request is not valid", validation.Message, validation.Errors);
                break;
            case NotFoundException notFound:
                await Problems.WriteAsync(context, StatusCodes.Status404NotFound, "Not found", notFound.Message);
                break;
            case ForbiddenException forbidden:
                await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", forbidden.Message);
                break;
            case EventRefusedException or PostingBlockedException:
                await Problems.WriteAsync(context, StatusCodes.Status422UnprocessableEntity, "Refused", exception.Message);
                break;
            case ConflictException:
                await Problems.WriteAsync(context, StatusCodes.Status409Conflict, "Conflict", exception.Message);
                break;
            case var transient when TransientFailure.Is(transient):
                logger.LogWarning(exception, "Transient failure on {Method} {Path}", context.Request.Method, context.Request.Path);
                context.Response.Headers.RetryAfter = RetryAfterSeconds;
                await Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Service unavailable",
                    "The request could not be completed just now; send it again shortly (with the same idempotency key, it takes effect once).");
                break;
            case BadHttpRequestException badRequest:
                await Problems.WriteAsync(context, badRequest.StatusCode, "Bad request", badRequest.Message);
                break;
            default:
                logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
                await Problems.WriteAsync(context, StatusCodes.Status500InternalServerError, "Internal server error",
                    "The server failed to process the request; the error is logged.");
                break;
        }
        return true;
    }

    private const string RetryAfterSeconds = "2";
}
