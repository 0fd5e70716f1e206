using Microsoft.AspNetCore.Http.HttpResults;
using Workflow.Engine.Grains;
using Workflow.Server.Authentication;

namespace Workflow.Server.Api.System;

/// <summary>What this node's grain runtime holds, for operators.</summary>
public static class RuntimeEndpoints
{
    public static void MapRuntimeEndpoints(this IEndpointRouteBuilder api) =>
        api.MapGet("/system/grains", (GrainRuntime runtime) => TypedResults.Ok(runtime.Statistics))
            .WithTags("System")
            .RequireAuthorization(CallerClaims.SystemAdministratorPolicy);
}
