using Workflow.Abstractions;

namespace Workflow.Engine.Plugins;

/// <summary>
/// The staging catalogue one plugin registers into. It checks each registration on the spot, so a mistake surfaces as an
/// exception at the plugin's own call site, and it is closed once <see cref="IWorkflowPlugin.Register"/> returns, so a
/// plugin that keeps the builder cannot slip definitions in later.
/// </summary>
internal sealed class PluginRegistrations : IWorkflowCatalogBuilder
{
    private readonly Lock _gate = new();
    private readonly List<RecordTypeDefinition> _recordTypes = [];
    private readonly List<WorkflowEventDefinition> _events = [];
    private readonly List<WorkflowResponseDefinition> _responses = [];
    private readonly List<WorkflowTemplateDefinition> _templates = [];
    private readonly HashSet<string> _recordTypeCodes = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _eventCodes = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _responseCodes = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _templateCodes = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _pluginName;
    private bool _closed;

    public PluginRegistrations(string pluginName) => _pluginName = pluginName;

    public IReadOnlyList<RecordTypeDefinition> RecordTypes => _recordTypes;

    public IReadOnlyList<WorkflowEventDefinition> Events => _events;

    public IReadOnlyList<WorkflowResponseDefinition> Responses => _responses;

    public IReadOnlyList<WorkflowTemplateDefinition> Templates => _templates;

    /// <summary>Refuses every later registration.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }
    }

    public void AddRecordType(RecordTypeDefinition recordType)
    {
        ArgumentNullException.ThrowIfNull(recordType);
        RequireCode(recordType.Code, CatalogKind.RecordType);
        if (Records.RecordKey.RecordTypeProblem(recordType.Code) is { } problem)
        {
            throw new ArgumentException(problem);
        }
        if (recordType.Fields is null)
        {
            throw new ArgumentException($"Record type '{recordType.Code}' has no field list; use an empty one.");
        }

        var fieldNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in recordType.Fields)
        {
            if (field is null || string.IsNullOrWhiteSpace(field.Name))
            {
                throw new ArgumentException($"Record type '{recordType.Code}' has a field without a name.");
            }

            if (!fieldNames.Add(field.Name))
            {
                throw new ArgumentException($"Record type '{recordType.Code}' has field '{field.Name}' twice.");
            }
        }

        Add(_recordTypes, _recordTypeCodes, recordType, recordType.Code, CatalogKind.RecordType);
    }

    public void AddEvent(WorkflowEventDefinition workflowEvent)
    {
        ArgumentNullException.ThrowIfNull(workflowEvent);
        RequireCode(workflowEvent.Code, CatalogKind.Event);
        Add(_events, _eventCodes, workflowEvent, workflowEvent.Code, CatalogKind.Event);
    }

    public void AddResponse(WorkflowResponseDefinition response)
    {
        ArgumentNullException.ThrowIfNull(response);
        RequireCode(response.Code, CatalogKind.Response);
        if (response.Handler is null)
        {
            throw new ArgumentException($"Response '{response.Code}' has no handler.");
        }

        if (response.Options is null)
        {
            throw new ArgumentException($"Response '{response.Code}' has no options schema; use ResponseOptionsSchema.None.");
        }

        Add(_responses, _responseCodes, response, response.Code, CatalogKind.Response);
    }

    public void AddTemplate(WorkflowTemplateDefinition template)
    {
        ArgumentNullException.ThrowIfNull(template);
        RequireCode(template.Code, CatalogKind.Template);
        if (template.Steps is null)
        {
            throw new ArgumentException($"Template '{template.Code}' has no step list.");
        }

        // Links between steps are checked here because they concern the template alone; whether its event and response
        // codes exist can only be told once every plugin has registered.
        var stepIds = new HashSet<int>();
        foreach (var step in template.Steps)
        {
            if (step is null || string.IsNullOrWhiteSpace(step.FunctionCode))
            {
                throw new ArgumentException($"Template '{template.Code}' has a step without an event or response code.");
            }

            if (!stepIds.Add(step.Id))
            {
                throw new ArgumentException($"Template '{template.Code}' has step id {step.Id} twice.");
            }
        }

        foreach (var step in template.Steps)
        {
            foreach (var linked in new[] { step.PreviousStepId, step.NextStepId })
            {
                if (linked is { } id && !stepIds.Contains(id))
                {
                    throw new ArgumentException($"Step {step.Id} of template '{template.Code}' refers to step {id}, which the template does not have.");
                }
            }
        }

        Add(_templates, _templateCodes, template, template.Code, CatalogKind.Template);
    }

    private static void RequireCode(string? code, CatalogKind kind)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            throw new ArgumentException($"{kind.Describe()} code must not be empty.");
        }
    }

    private void Add<T>(List<T> definitions, HashSet<string> codes, T definition, string code, CatalogKind kind)
    {
        lock (_gate)
        {
            if (_closed)
            {
                throw new InvalidOperationException(
                    $"Plugin '{_pluginName}' registered {kind.Describe().ToLowerInvariant()} '{code}' after Register returned; register everything inside Register.");
            }

            if (!codes.Add(code))
            {
                throw new ArgumentException($"{kind.Describe()} code '{code}' is registered twice by this plugin.");
            }

            definitions.Add(definition);
        }
    }
}
