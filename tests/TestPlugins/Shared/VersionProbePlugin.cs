using Newtonsoft.Json;
using Workflow.Abstractions;

namespace Workflow.TestPlugins.VersionProbe;

/// <summary>
/// Compiled into two plugins that ship different Newtonsoft.Json versions. What it registers tells which version the
/// plugin really runs with: the event's description names it, and the response writes it into the history.
/// </summary>
public sealed class VersionProbePlugin : IWorkflowPlugin
{
    /// <inheritdoc />
    public void Register(IWorkflowCatalogBuilder catalog)
    {
        // "Workflow.TestPlugins.VersionProbeA" -> "VERSION_PROBE_A": one source, a code per plugin.
        var probe = typeof(VersionProbePlugin).Assembly.GetName().Name![^1];
        catalog.AddEvent(new WorkflowEventDefinition($"VERSION_PROBE_{probe}", VersionProbeResponse.Describe(), RecordType: null));
        catalog.AddResponse(new WorkflowResponseDefinition(
            $"VERSION_PROBE_{probe}_RESPONSE", "Write the Newtonsoft.Json version into the history.", RecordType: null, ResponseOptionsSchema.None, new VersionProbeResponse()));
    }
}

/// <summary>Writes the Newtonsoft.Json version it runs with, and a serialized record, into the history.</summary>
public sealed class VersionProbeResponse : IWorkflowResponseHandler
{
    /// <summary>E.g. <c>Newtonsoft.Json 12.0.0.0</c>.</summary>
    public static string Describe() => $"Newtonsoft.Json {typeof(JsonConvert).Assembly.GetName().Version}";

    /// <inheritdoc />
    public Task ExecuteAsync(WorkflowResponseContext context, CancellationToken cancellationToken)
    {
        context.AddHistory($"{Describe()} {JsonConvert.SerializeObject(context.Record.Fields)}");
        return Task.CompletedTask;
    }
}
