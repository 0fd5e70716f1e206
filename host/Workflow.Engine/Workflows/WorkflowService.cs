using Workflow.Abstractions;
using Workflow.Engine.Approvals.Setup;
using Workflow.Engine.Errors;
using Workflow.Engine.Identity;
using Workflow.Engine.Instances;
using Workflow.Engine.Plugins;

namespace Workflow.Engine.Workflows;

/// <summary>
/// The life of a tenant's workflows under Business Central's rules: created and edited while disabled, enabled only when
/// valid, disabled to stop new instances (running ones finish on their own copy), deleted only when disabled and idle,
/// copied from workflows or templates, moved between tenants and servers as JSON.
/// </summary>
public sealed class WorkflowService(
    WorkflowStore store,
    WorkflowRules rules,
    WorkflowCatalog catalog,
    IdentityStore identity,
    InstanceIndex instances,
    ApprovalSetupStore approvalSetup)
{
    /// <summary>What a user sends to create or replace a workflow.</summary>
    public sealed record WorkflowDraft(string? Code, string? Description, string? Category, string? RecordType, bool Template, IReadOnlyList<WorkflowStepDefinition>? Steps);

    public async Task<WorkflowDefinition> GetAsync(string tenantId, string code, CancellationToken cancellationToken) =>
        await store.FindAsync(tenantId, WorkflowRules.NormalizeCode(code), cancellationToken)
        ?? throw new NotFoundException($"Workflow '{code}' does not exist.");

    public Task<IReadOnlyList<WorkflowDefinition>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
        store.ListAsync(tenantId, cancellationToken);

    public async Task<WorkflowDefinition> CreateAsync(string tenantId, WorkflowDraft draft, CancellationToken cancellationToken)
    {
        var workflow = FromDraft(draft, code: null);
        var problems = new ProblemList();
        rules.CheckOnSave(workflow, problems);
        if (catalog.FindTemplate(workflow.Code) is not null)
            problems.Add("code", $"the record already exists, as a workflow template: {workflow.Code} is a template; copy it to a workflow with another code.");
        problems.ThrowIfAny();
        return await store.InsertAsync(tenantId, workflow, cancellationToken);
    }

    public async Task<WorkflowDefinition> UpdateAsync(string tenantId, string code, WorkflowDraft draft, long? expectedVersion, CancellationToken cancellationToken)
    {
        var current = await GetChangeableAsync(tenantId, code, cancellationToken);
        CheckEditable(current);
        var workflow = FromDraft(draft, current.Code);
        var problems = new ProblemList();
        rules.CheckOnSave(workflow, problems);
        problems.ThrowIfAny();
        return await store.UpdateAsync(tenantId, workflow, expectedVersion ?? current.Version, cancellationToken);
    }

    public async Task<WorkflowDefinition> EnableAsync(string tenantId, string code, long? expectedVersion, CancellationToken cancellationToken)
    {
        var current = await GetChangeableAsync(tenantId, code, cancellationToken);
        if (current.Enabled)
            return current;
        var candidate = current with { Enabled = true };
        var others = candidate.EntryPoint is { } entry
            ? await store.ListEnabledByEntryEventAsync(tenantId, entry.FunctionCode, cancellationToken)
            : [];
        var users = (await identity.ListUsersAsync(tenantId, cancellationToken)).Select(u => u.UserId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var problems = new ProblemList();
        rules.CheckOnEnable(candidate, others, users.Contains, problems);
        problems.ThrowIfAny();
        return await store.UpdateAsync(tenantId, candidate, expectedVersion ?? current.Version, cancellationToken);
    }

    public async Task<WorkflowDefinition> DisableAsync(string tenantId, string code, long? expectedVersion, CancellationToken cancellationToken)
    {
        var current = await GetAsync(tenantId, code, cancellationToken);
        return current.Enabled
            ? await store.UpdateAsync(tenantId, current with { Enabled = false }, expectedVersion ?? current.Version, cancellationToken)
            : current;
    }

    public async Task DeleteAsync(string tenantId, string code, long? expectedVersion, CancellationToken cancellationToken)
    {
        var current = await store.FindAsync(tenantId, WorkflowRules.NormalizeCode(code), cancellationToken);
        if (current is null && catalog.FindTemplate(code) is not null || current?.IsTemplate == true)
            throw new ConflictException($"You cannot delete a workflow template: {WorkflowRules.NormalizeCode(code)} is a template.");
        current ??= await GetAsync(tenantId, code, cancellationToken);
        if (current.Enabled)
            throw new ConflictException($"Enabled workflows cannot be deleted. Disable workflow {current.Code} before you delete it.");
        if (await instances.CountRunningAsync(tenantId, current.Code, cancellationToken) is var running and > 0)
            throw new ConflictException($"You cannot delete the workflow because active workflow step instances exist: {running} instance{(running == 1 ? "" : "s")} of workflow {current.Code} still running.");
        await store.DeleteAsync(tenantId, current.Code, expectedVersion ?? current.Version, cancellationToken);
    }

    /// <summary>Copies a workflow of the tenant, or a plugin's template, to a new disabled workflow.</summary>
    public async Task<WorkflowDefinition> CopyAsync(string tenantId, string sourceCode, string? newCode, string? description, CancellationToken cancellationToken)
    {
        var source = await store.FindAsync(tenantId, WorkflowRules.NormalizeCode(sourceCode), cancellationToken);
        WorkflowDraft draft;
        if (source is not null)
            draft = new WorkflowDraft(newCode, description ?? source.Description, source.Category, source.RecordType, false, source.Steps);
        else if (catalog.FindTemplate(sourceCode) is { } template)
            draft = new WorkflowDraft(newCode, description ?? template.Definition.Description, template.Definition.Category, null, false, template.Definition.Steps);
        else
            throw new NotFoundException($"There is no workflow or template '{sourceCode}' to copy.");
        if (string.IsNullOrWhiteSpace(newCode))
            throw new ValidationFailedException("code", "is required: the code of the new workflow.");
        return await CreateAsync(tenantId, draft, cancellationToken);
    }

    /// <summary>
    /// Imports a workflow exported from any tenant or server. An existing workflow with the same code is overwritten, as
    /// Business Central does, unless it is enabled. The import is never enabled.
    /// </summary>
    public async Task<WorkflowDefinition> ImportAsync(string tenantId, WorkflowDraft draft, CancellationToken cancellationToken)
    {
        var setups = await approvalSetup.GetAllUserSetupAsync(tenantId, cancellationToken);
        draft = draft with { Steps = draft.Steps?.Select(step => WithoutUsersLackingApprovalSetup(step, setups)).ToList() };
        var code = WorkflowRules.NormalizeCode(draft.Code ?? "");
        var existing = code.Length == 0 ? null : await store.FindAsync(tenantId, code, cancellationToken);
        if (existing is null)
            return await CreateAsync(tenantId, draft, cancellationToken);
        return await UpdateAsync(tenantId, code, draft, existing.Version, cancellationToken);
    }

    /// <summary>
    /// Business Central's import keeps an approver or notification user only if that user has an approval user setup in
    /// the company it comes into, and imports the option blank otherwise: the file may come from a company with other
    /// users. Enabling then names the option that must be filled in.
    /// </summary>
    private WorkflowStepDefinition WithoutUsersLackingApprovalSetup(WorkflowStepDefinition step, IReadOnlyDictionary<string, ApprovalUserSetup> setups)
    {
        if (step is not { Type: WorkflowStepType.Response } || catalog.FindResponse(step.FunctionCode ?? "") is not { } response)
            return step;
        var userOptions = response.Definition.Options.Options.Where(o => o.Type == ResponseOptionType.UserId).Select(o => o.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var kept = step.Options
            .Where(o => !userOptions.Contains(o.Key) || string.IsNullOrWhiteSpace(o.Value) || setups.ContainsKey(o.Value.Trim()))
            .ToDictionary(o => o.Key, o => o.Value);
        return kept.Count == step.Options.Count ? step : step with { Options = kept };
    }

    /// <summary>
    /// A workflow that may be edited or enabled. Templates, a plugin's or a tenant's own, are read-only (Business
    /// Central's rule): refused as such, not as missing, so the caller learns to copy the template instead.
    /// </summary>
    private async Task<WorkflowDefinition> GetChangeableAsync(string tenantId, string code, CancellationToken cancellationToken)
    {
        var current = await store.FindAsync(tenantId, WorkflowRules.NormalizeCode(code), cancellationToken);
        if (current is null && catalog.FindTemplate(code) is not null || current?.IsTemplate == true)
            throw new ConflictException(
                $"Workflow templates cannot be edited. You must create a workflow from the template to edit it: copy {WorkflowRules.NormalizeCode(code)} (POST /workflows/{WorkflowRules.NormalizeCode(code)}/copy).");
        return current ?? await GetAsync(tenantId, code, cancellationToken);
    }

    private static void CheckEditable(WorkflowDefinition workflow)
    {
        if (workflow.Enabled)
            throw new ConflictException($"Enabled workflows cannot be edited. Disable workflow {workflow.Code} before you edit it.");
    }

    private static WorkflowDefinition FromDraft(WorkflowDraft draft, string? code) => new(
        code ?? WorkflowRules.NormalizeCode(draft.Code ?? ""),
        draft.Description?.Trim() ?? "",
        string.IsNullOrWhiteSpace(draft.Category) ? null : draft.Category.Trim().ToUpperInvariant(),
        string.IsNullOrWhiteSpace(draft.RecordType) ? null : draft.RecordType.Trim(),
        Enabled: false,
        draft.Template,
        // As Business Central's SetEntryPoint: the step without a previous step is the entry point, whatever was sent.
        (draft.Steps ?? []).Select(s => s is null ? null! : s with { FunctionCode = s.FunctionCode?.Trim() ?? "", EntryPoint = s.PreviousStepId is null }).ToList(),
        Version: 0,
        default);
}
