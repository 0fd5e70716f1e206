using System.Net;
using System.Text.Json;

namespace Workflow.Tests.Api;

/// <summary>Checks that a response is an RFC 7807 problem with the expected status, naming the expected field.</summary>
public static class ProblemAssert
{
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        if (field is not null)
        {
            var errors = problem.GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out var reasons), $"the problem should name '{field}': {body}");
            Assert.Contains(reasons.EnumerateArray(), r => !string.IsNullOrWhiteSpace(r.GetString()));
        }
        return problem;
    }

    /// <summary>
    /// Asserts a refusal of a user action: a 4xx problem whose detail (or one of its field errors) contains
    /// <paramref name="reason"/>, Business Central's message where it has one.
    /// </summary>
    public static async Task<JsonElement> IsRefusalAsync(HttpResponseMessage response, string reason)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"expected a refusal (4xx) saying '{reason}', got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(body.Contains(reason, StringComparison.OrdinalIgnoreCase), $"expected the refusal to say '{reason}': {body}");
        return JsonDocument.Parse(body).RootElement;
    }
}
