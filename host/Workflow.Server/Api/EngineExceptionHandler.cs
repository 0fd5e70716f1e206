using Microsoft.AspNetCore.Diagnostics;
using Workflow.Engine.Errors;
using Workflow.Engine.Grains;

namespace Workflow.Server;

/// <summary>Turns the engine's refusals into problem details with the matching status; anything else is a logged 500.</summary>
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
            case ConflictException or InconsistentStateException:
                await Problems.WriteAsync(context, StatusCodes.Status409Conflict, "Conflict", exception.Message);
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
}
