using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Workflow.Tests.Infrastructure;

namespace Workflow.Tests.Api;

public sealed class IdentityApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task One_tenants_token_can_neither_read_nor_change_another_tenants_data(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database);
        var tenantA = await server.CreateTenantAsync("tenant-a");
        var tenantB = await server.CreateTenantAsync("tenant-b");
        var bob = await server.CreateUserAsync(tenantB, "BOB");
        var bobsTokens = await (await tenantB.GetAsync("/api/v1/users/BOB/tokens")).Content.ReadFromJsonAsync<JsonElement>();
        var bobsTokenId = bobsTokens[0].GetProperty("tokenId").GetString();

        // Reading: B's user is invisible to A, whether listed or asked for by id.
        var usersOfA = await (await tenantA.GetAsync("/api/v1/users")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.DoesNotContain(usersOfA.EnumerateArray(), u => u.GetProperty("userId").GetString() == "BOB");
        await ProblemAssert.IsProblemAsync(await tenantA.GetAsync("/api/v1/users/BOB"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await tenantA.GetAsync("/api/v1/users/BOB/tokens"), HttpStatusCode.NotFound);

        // Changing: A can neither give BOB a token nor revoke his.
        await ProblemAssert.IsProblemAsync(
            await tenantA.PostAsJsonAsync("/api/v1/users/BOB/tokens", new { name = "stolen" }), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(
            await tenantA.DeleteAsync($"/api/v1/users/BOB/tokens/{bobsTokenId}"), HttpStatusCode.NotFound);
        // A user of the same id made in A is A's own: B's BOB is untouched.
        (await tenantA.PostAsJsonAsync("/api/v1/users", new { userId = "BOB", displayName = "A's Bob" })).EnsureSuccessStatusCode();
        var me = await (await bob.GetAsync("/api/v1/me")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("tenant-b", me.GetProperty("tenantId").GetString());
        Assert.Equal("BOB", me.GetProperty("displayName").GetString());
        var bobsTokensAfter = await (await tenantB.GetAsync("/api/v1/users/BOB/tokens")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Single(bobsTokensAfter.EnumerateArray());
        Assert.Equal(JsonValueKind.Null, bobsTokensAfter[0].GetProperty("revokedAt").ValueKind);

        // Tenants are managed only by the system tenant's administrators.
        await ProblemAssert.IsProblemAsync(await tenantA.GetAsync("/api/v1/tenants"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(
            await tenantA.PostAsJsonAsync("/api/v1/tenants", new { tenantId = "tenant-c", name = "C", administrator = new { userId = "X", displayName = "X" } }),
            HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Requests_without_a_valid_token_get_401()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new WorkflowServerFactory(database);

        foreach (var client in new[] { server.ClientWithToken(null), server.ClientWithToken("wf_not-a-real-token-000000000000000000") })
        {
            var response = await client.GetAsync("/api/v1/events");
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }
    }

    [Fact]
    public async Task A_revoked_token_stops_working()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new WorkflowServerFactory(database);
        var admin = server.AdminClient();
        var carol = await server.CreateUserAsync(admin, "CAROL");
        Assert.Equal(HttpStatusCode.OK, (await carol.GetAsync("/api/v1/me")).StatusCode);

        var tokens = await (await admin.GetAsync("/api/v1/users/CAROL/tokens")).Content.ReadFromJsonAsync<JsonElement>();
        var revoke = await carol.DeleteAsync($"/api/v1/users/CAROL/tokens/{tokens[0].GetProperty("tokenId").GetString()}");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        await ProblemAssert.IsProblemAsync(await carol.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Only_administrators_create_users_and_users_manage_only_their_own_tokens()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new WorkflowServerFactory(database);
        var admin = server.AdminClient();
        var dave = await server.CreateUserAsync(admin, "DAVE");
        await server.CreateUserAsync(admin, "ERIN");

        await ProblemAssert.IsProblemAsync(
            await dave.PostAsJsonAsync("/api/v1/users", new { userId = "MALLORY", displayName = "M", isAdministrator = true }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(
            await dave.PostAsJsonAsync("/api/v1/users/ERIN/tokens", new { name = "x" }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await dave.GetAsync("/api/v1/system/grains"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Created, (await dave.PostAsJsonAsync("/api/v1/users/DAVE/tokens", new { name = "laptop" })).StatusCode);

        var users = await (await admin.GetAsync("/api/v1/users")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.DoesNotContain(users.EnumerateArray(), u => u.GetProperty("userId").GetString() == "MALLORY");
    }

    [Fact]
    public async Task Bad_input_gets_a_400_naming_the_field_and_changes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new WorkflowServerFactory(database);
        var admin = server.AdminClient();

        async Task<HttpResponseMessage> Post(string json) =>
            await admin.PostAsync("/api/v1/users", new StringContent(json, Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(await Post("{\"userId\": \"ZOE\", \"displayName\": "), HttpStatusCode.BadRequest, "displayName");
        await ProblemAssert.IsProblemAsync(await Post("{\"userId\": \"ZOE\", \"displayName\": \"Zoe\", \"isAdministrator\": \"yes\"}"), HttpStatusCode.BadRequest, "isAdministrator");
        await ProblemAssert.IsProblemAsync(await Post("{\"userId\": \"ZOE\", \"displayName\": \"Zoe\", \"isAdmin\": true}"), HttpStatusCode.BadRequest, "isAdmin");
        await ProblemAssert.IsProblemAsync(await Post("{\"displayName\": \"Zoe\"}"), HttpStatusCode.BadRequest, "userId");
        await ProblemAssert.IsProblemAsync(await Post("{\"userId\": \"ZOE\"}"), HttpStatusCode.BadRequest, "displayName");
        await ProblemAssert.IsProblemAsync(await Post("{\"userId\": \"Z O E\", \"displayName\": \"Zoe\"}"), HttpStatusCode.BadRequest, "userId");
        await ProblemAssert.IsProblemAsync(await Post(""), HttpStatusCode.BadRequest, "body");
        await ProblemAssert.IsProblemAsync(await Post("[1,2]"), HttpStatusCode.BadRequest, "body");
        var huge = JsonSerializer.Serialize(new { userId = "ZOE", displayName = new string('x', 70_000) });
        await ProblemAssert.IsProblemAsync(await Post(huge), HttpStatusCode.BadRequest, "body");

        var users = await (await admin.GetAsync("/api/v1/users")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["ADMIN"], users.EnumerateArray().Select(u => u.GetProperty("userId").GetString()));
    }

    [Fact]
    public async Task Creating_a_user_that_exists_is_a_conflict()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new WorkflowServerFactory(database);
        var admin = server.AdminClient();

        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/users", new { userId = "frank", displayName = "Frank" })).StatusCode);
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync("/api/v1/users", new { userId = "FRANK", displayName = "Frank again" }), HttpStatusCode.Conflict);
        var frank = await (await admin.GetAsync("/api/v1/users/Frank")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Frank", frank.GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task Unknown_routes_answer_404_problems_and_the_OpenAPI_document_is_served()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new WorkflowServerFactory(database);
        var admin = server.AdminClient();

        await ProblemAssert.IsProblemAsync(await admin.GetAsync("/api/v1/no-such-thing"), HttpStatusCode.NotFound);
        var openApi = await server.ClientWithToken(null).GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        var document = await openApi.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/users", out _));
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/plugins", out _));
    }
}
