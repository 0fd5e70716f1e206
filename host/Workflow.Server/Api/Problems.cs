using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Workflow.Server;

/// <summary>RFC 7807 problem details, the one shape every error of the API takes.</summary>
public static class Problems
{
    public static ProblemDetails Create(HttpContext context, int status, string title, string? detail, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var problem = new ProblemDetails
        {
            Type = $"https://tools.ietf.org/html/rfc9110#section-15.5.{status - 399}",
            Title = title,
            Status = status,
            Detail = detail,
            Instance = context.Request.Path,
        };
        if (errors is not null)
            problem.Extensions["errors"] = errors;
        problem.Extensions["traceId"] = context.TraceIdentifier;
        return problem;
    }

    public static async Task WriteAsync(HttpContext context, int status, string title, string? detail,
        IReadOnlyDictionary<string, string[]>? extra = null, Action<IHeaderDictionary>? headers = null)
    {
        if (context.Response.HasStarted)
            return;
        context.Response.StatusCode = status;
        headers?.Invoke(context.Response.Headers);
        await context.Response.WriteAsJsonAsync(Create(context, status, title, detail, extra), options: null, contentType: "application/problem+json");
    }

    /// <summary>A 400 naming the field and the reason.</summary>
    public static ProblemHttpResult Validation(HttpContext context, string field, string reason) =>
        TypedResults.Problem(Create(context, StatusCodes.Status400BadRequest, "The request is not valid",
            $"{field}: {reason}", new Dictionary<string, string[]> { [field] = [reason] }));

    public static ProblemHttpResult NotFound(HttpContext context, string detail) =>
        TypedResults.Problem(Create(context, StatusCodes.Status404NotFound, "Not found", detail));

    public static ProblemHttpResult Forbidden(HttpContext context, string detail) =>
        TypedResults.Problem(Create(context, StatusCodes.Status403Forbidden, "Forbidden", detail));
}
