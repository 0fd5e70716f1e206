using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Workflow.Engine.Hosting;
using Workflow.Server;
using Workflow.Server.Api;
using Workflow.Server.Api.Approvals;
using Workflow.Server.Api.Catalog;
using Workflow.Server.Api.Identity;
using Workflow.Server.Api.Notifications;
using Workflow.Server.Api.Posting;
using Workflow.Server.Api.Records;
using Workflow.Server.Api.System;
using Workflow.Server.Api.Workflows;
using Workflow.Server.Authentication;
using Workflow.Server.Dashboard;
using Workflow.Server.Live;
using Workflow.Server.Operators;

var builder = WebApplication.CreateBuilder(args);

var engineOptions = new WorkflowEngineOptions();
builder.Configuration.GetSection("Storage").Bind(engineOptions.Storage);
builder.Configuration.GetSection("Grains").Bind(engineOptions.Grains);
builder.Configuration.GetSection("Orleans").Bind(engineOptions.Orleans);
builder.Configuration.GetSection("Plugins").Bind(engineOptions.Plugins);
builder.Configuration.GetSection("Bootstrap").Bind(engineOptions.Bootstrap);
builder.Configuration.GetSection("Notifications").Bind(engineOptions.Notifications);
builder.Configuration.GetSection("Live").Bind(engineOptions.Live);
builder.Configuration.GetSection("Jobs").Bind(engineOptions.Jobs);
var operatorTools = builder.Configuration.GetSection(OperatorToolsOptions.Section).Get<OperatorToolsOptions>() ?? new OperatorToolsOptions();
builder.AddWorkflowEngine(engineOptions, silo =>
{
    if (operatorTools.OrleansDashboard)
        silo.AddOrleansDashboard();
});
builder.AddOperatorTools(operatorTools);

var apiOptions = builder.Configuration.GetSection("Api").Get<ApiOptions>() ?? new ApiOptions();
builder.Services.AddSingleton(apiOptions);
// Kestrel's own cap sits above the API's so that the API, not the transport, answers with a problem naming the body.
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = apiOptions.MaxRequestBodyBytes + 1);

builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<EngineExceptionHandler>();
builder.Services.ConfigureHttpJsonOptions(json =>
    json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
builder.Services.AddOpenApi(openApi => openApi.AddDocumentTransformer<BearerTokenDocument>());
builder.Services.AddLiveHub();

builder.Services.AddAuthentication(ApiTokenAuthenticationHandler.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
builder.Services.AddAuthorizationBuilder()
    .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
    .AddPolicy(CallerClaims.TenantAdministratorPolicy, policy => policy.RequireAssertion(c => c.User.IsTenantAdministrator()))
    .AddPolicy(CallerClaims.SystemAdministratorPolicy, policy => policy.RequireAssertion(c => c.User.IsSystemAdministrator()));

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
// Before authentication: the page's files are public; everything it reads comes from the API with the user's token.
app.UseDashboardPage();
app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi().AllowAnonymous();
app.MapOperatorTools();

var api = app.MapGroup("/api/v1").RefuseUndeclaredParameters();
api.MapCatalogEndpoints();
api.MapUserEndpoints();
api.MapTenantEndpoints();
api.MapRuntimeEndpoints();
api.MapWorkflowEndpoints();
api.MapTemplateEndpoints();
api.MapCategoryEndpoints();
api.MapRecordEndpoints();
api.MapApprovalEndpoints();
api.MapApprovalSetupEndpoints();
api.MapNotificationSetupEndpoints();
api.MapFeedEndpoints();
app.MapHub<NotificationsHub>(NotificationsHub.Path).RequireAuthorization();
api.MapPostingEndpoints();

app.Run();

/// <summary>Entry point; public so tests can host the server in-process.</summary>
public partial class Program;
