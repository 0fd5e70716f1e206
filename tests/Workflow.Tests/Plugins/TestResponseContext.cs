using Workflow.Abstractions;

namespace Workflow.Tests.Plugins;

/// <summary>The host's side of a response run, reduced to what handlers can observe: the record, options and history.</summary>
internal sealed class TestResponseContext : WorkflowResponseContext
{
    private readonly Dictionary<string, string?> _fields;
    private readonly List<string> _history = [];

    public TestResponseContext(IReadOnlyDictionary<string, string> options, IReadOnlyDictionary<string, string?>? fields = null)
    {
        _fields = new Dictionary<string, string?>(fields ?? new Dictionary<string, string?>(), StringComparer.OrdinalIgnoreCase);
        Options = new WorkflowResponseOptions(options);
    }

    public IReadOnlyList<string> History => _history;

    public override string TenantId => "test-tenant";

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override string WorkflowCode => "TEST-WORKFLOW";

    public override int StepId => 2;

    public override WorkflowRecord Record => new("PURCHASE_DOCUMENT", "PO-1001", new Dictionary<string, string?>(_fields, StringComparer.OrdinalIgnoreCase));

    public override WorkflowResponseOptions Options { get; }

    public override string? TriggeredByUserId => "alice";

    public override TimeProvider Clock => TimeProvider.System;

    public override void AddHistory(string message) => _history.Add(message);

    public override void SetFieldValue(string field, string? value)
    {
        if (!_fields.ContainsKey(field))
        {
            throw new InvalidOperationException($"Record type PURCHASE_DOCUMENT has no field '{field}'.");
        }

        _fields[field] = value;
    }
}
