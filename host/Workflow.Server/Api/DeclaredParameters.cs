using System.Collections.Frozen;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Workflow.Engine.Workflows;

namespace Workflow.Server.Api;

/// <summary>
/// Holds every endpoint of the API to the query parameters its handler declares: an unknown one is a 400 naming it, not
/// ignored (<c>DELETE /archived-step-instances?workflowcode_typo=X</c> would otherwise delete the whole archive). Query
/// values holding U+0000 are refused here too, as <see cref="TextLimits"/> refuses them in bodies; paths never hold one,
/// since ASP.NET Core's URL decoder refuses the request first.
/// </summary>
public static class DeclaredParameters
{
    /// <summary>Adds the check to every endpoint of <paramref name="api"/>.</summary>
    public static TBuilder RefuseUndeclaredParameters<TBuilder>(this TBuilder api) where TBuilder : IEndpointConventionBuilder =>
        api.AddEndpointFilterFactory((context, next) =>
        {
            var declared = QueryParametersOf(context.MethodInfo);
            return invocation =>
            {
                Check(invocation.HttpContext, declared);
                return next(invocation);
            };
        });

    private static void Check(HttpContext context, FrozenSet<string> declared)
    {
        var problems = new ProblemList();
        foreach (var (name, values) in context.Request.Query)
        {
            if (!declared.Contains(name) || context.Request.RouteValues.ContainsKey(name))
                problems.Add(name, declared.Count == 0
                    ? "is not a parameter of this endpoint, which takes none."
                    : $"is not a parameter of this endpoint; it takes: {string.Join(", ", declared.Order(StringComparer.Ordinal))}.");
            else if (values.Any(v => v is not null && v.Contains('\0')))
                problems.Add(name, TextLimits.NullCharacter("the value"));
        }
        problems.ThrowIfAny();
    }

    /// <summary>
    /// The parameters minimal APIs bind from the query: those of simple types (text, numbers, flags, enums) that no
    /// attribute sends elsewhere. Route parameters look the same; a query value may not name one either.
    /// </summary>
    private static FrozenSet<string> QueryParametersOf(MethodInfo handler) =>
        handler.GetParameters()
            .Where(p => p.Name is not null && IsSimple(p.ParameterType)
                && p.GetCustomAttribute<FromServicesAttribute>() is null && p.GetCustomAttribute<FromHeaderAttribute>() is null
                && p.GetCustomAttribute<FromBodyAttribute>() is null && p.GetCustomAttribute<FromRouteAttribute>() is null)
            .Select(p => p.GetCustomAttribute<FromQueryAttribute>()?.Name ?? p.Name!)
            .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static bool IsSimple(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Guid)
            || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(TimeSpan);
    }
}
