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
    ApprovalSetupStore approvalSetup,
    TemplateLibrary templates)
{
    /// <summary>What a user sends to create or replace a workflow.</summary>
    public sealed record WorkflowDraft(string? Code, string? Description, string? Category, string? RecordType, bool Template, IReadOnlyList<WorkflowStepDefinition>? Steps);

    /// <summary>A category as a file or a user sends it.</summary>
    public sealed record CategoryDraft(string? Code, string? Description);

    /// <summary>A category with how many of the tenant's templates and workflows it groups.</summary>
    public sealed record CategoryUse(string Code, string Description, bool BuiltIn, int Templates, int Workflows);

    /// <summary>A workflow's running instances per version of it, beside its current version.</summary>
    public sealed record WorkflowVersions(string WorkflowCode, long CurrentVersion, IReadOnlyList<VersionInstances> Running);

    public async Task<WorkflowDefinition> GetAsync(string tenantId, string code, CancellationToken cancellationToken) =>
        await store.FindAsync(tenantId, WorkflowRules.NormalizeCode(code), cancellationToken)
        ?? throw new NotFoundException($"Workflow '{code}' does not exist.");

    public async Task<IReadOnlyList<WorkflowDefinition>> ListAsync(string tenantId, string? category, CancellationToken cancellationToken)
    {
        var all = await store.ListAsync(tenantId, cancellationToken);
        return category is null ? all : all.Where(w => string.Equals(w.Category, category.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>
    /// The categories of the tenant: Business Central's, the tenant's own, and any a template or workflow names without
    /// one being defined (shown with an empty description), each with how many templates and workflows it groups.
    /// </summary>
    public async Task<IReadOnlyList<CategoryUse>> ListCategoriesAsync(string tenantId, CancellationToken cancellationToken)
    {
        var own = await store.ListCategoriesAsync(tenantId, cancellationToken);
        var library = await templates.ListAsync(tenantId, null, cancellationToken);
        var workflows = await store.ListAsync(tenantId, cancellationToken);
        var known = WorkflowCategory.BuiltInCategories.Concat(own.Where(c => WorkflowCategory.FindBuiltIn(c.Code) is null))
            .ToDictionary(c => c.Code, StringComparer.OrdinalIgnoreCase);
        foreach (var code in library.Select(t => t.Definition.Category).Concat(workflows.Select(w => w.Category)).OfType<string>())
            known.TryAdd(code, new WorkflowCategory(code.ToUpperInvariant(), "", BuiltIn: false));
        return known.Values
            .Select(c => new CategoryUse(c.Code, c.Description, c.BuiltIn,
                library.Count(t => string.Equals(t.Definition.Category, c.Code, StringComparison.OrdinalIgnoreCase)),
                workflows.Count(w => string.Equals(w.Category, c.Code, StringComparison.OrdinalIgnoreCase))))
            .OrderBy(c => c.Code, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Adds a category of the tenant's own, or changes its description; Business Central's categories are fixed.</summary>
    public async Task<WorkflowCategory> PutCategoryAsync(string tenantId, string code, string? description, CancellationToken cancellationToken)
    {
        var category = CheckCategory(code, description, "");
        await store.UpsertCategoryAsync(tenantId, category, cancellationToken);
        return category;
    }

    /// <summary>Deletes a category of the tenant's own; refused while workflows have it, naming how many.</summary>
    public async Task DeleteCategoryAsync(string tenantId, string code, CancellationToken cancellationToken)
    {
        code = WorkflowRules.NormalizeCode(code);
        if (WorkflowCategory.FindBuiltIn(code) is not null)
            throw new ConflictException($"Workflow category {code} is built in and cannot be deleted.");
        if (await store.DeleteCategoryAsync(tenantId, code, cancellationToken) is var inUse and > 0)
            throw new ConflictException($"Workflow category {code} cannot be deleted: {inUse} workflows have it.");
    }

    /// <summary>The workflow's running instances, counted per version of the workflow they copied their steps from.</summary>
    public async Task<WorkflowVersions> RunningByVersionAsync(string tenantId, string code, CancellationToken cancellationToken)
    {
        var workflow = await GetAsync(tenantId, code, cancellationToken);
        return new WorkflowVersions(workflow.Code, workflow.Version, await instances.CountRunningByVersionAsync(tenantId, workflow.Code, cancellationToken));
    }

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
            throw new ConflictException($"You cannot delete the workflow because active workflow step instances exist: {(running == 1 ? "1 of its instances is" : $"{running} of its instances are")} still running.");
        await store.DeleteAsync(tenantId, current.Code, expectedVersion ?? current.Version, cancellationToken);
    }

    /// <summary>Copies a workflow of the tenant, or a plugin's template, to a new disabled workflow.</summary>
    public async Task<WorkflowDefinition> CopyAsync(string tenantId, string sourceCode, string? newCode, string? description, CancellationToken cancellationToken)
    {
        var source = await store.FindAsync(tenantId, WorkflowRules.NormalizeCode(sourceCode), cancellationToken);
        WorkflowDraft draft;
        if (source is not null)
            draft = new WorkflowDraft(newCode, description ?? source.Description, source.Category, source.RecordType, false, source.Steps);
        else if (await templates.FindAsync(tenantId, sourceCode, cancellationToken) is { } template)
            draft = new WorkflowDraft(newCode, description ?? template.Definition.Description, template.Definition.Category, null, false, template.Definition.Steps);
        else
            throw new NotFoundException($"There is no workflow or template '{sourceCode}' to copy.");
        if (string.IsNullOrWhiteSpace(newCode))
            throw new ValidationFailedException("code", "is required: the code of the new workflow.");
        return await CreateAsync(tenantId, draft, cancellationToken);
    }

    /// <summary>
    /// Imports workflows exported from any tenant or server, one or a set, with the categories they use, all or none.
    /// An existing workflow with the same code is overwritten, as Business Central does, unless it is enabled; imports
    /// are never enabled. Every workflow is checked first (the rules,
    /// the events and responses it names, whether it may be overwritten), then all are written in one transaction.
    /// Problems are named under <paramref name="field"/> (<c>workflows[2].steps</c>, ...).
    /// </summary>
    public async Task<IReadOnlyList<WorkflowDefinition>> ImportAllAsync(
        string tenantId, IReadOnlyList<WorkflowDraft?> drafts, IReadOnlyList<CategoryDraft?> categories, string field, CancellationToken cancellationToken)
    {
        var problems = new ProblemList();
        var missingEvents = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        var missingResponses = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var step in drafts.SelectMany(d => d?.Steps ?? []).Where(s => s is not null && !string.IsNullOrWhiteSpace(s.FunctionCode)))
        {
            var code = step.FunctionCode.Trim();
            if (step.Type == WorkflowStepType.Event && catalog.FindEvent(code) is null)
                missingEvents.Add(code.ToUpperInvariant());
            else if (step.Type == WorkflowStepType.Response && catalog.FindResponse(code) is null)
                missingResponses.Add(code.ToUpperInvariant());
        }
        // The whole file is refused at once, naming every code missing, so the operator knows which plugins to install.
        if (missingEvents.Count > 0)
            problems.Add(field, $"names events no loaded plugin provides: {string.Join(", ", missingEvents)}.");
        if (missingResponses.Count > 0)
            problems.Add(field, $"names responses no loaded plugin provides: {string.Join(", ", missingResponses)}.");
        problems.ThrowIfAny();

        var setups = await approvalSetup.GetAllUserSetupAsync(tenantId, cancellationToken);
        var toSave = new List<(WorkflowDefinition, long?)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var conflicts = new List<string>();
        for (var i = 0; i < drafts.Count; i++)
        {
            var prefix = drafts.Count == 1 && field == "workflow" ? field : $"{field}[{i}]";
            if (drafts[i] is not { } draft)
            {
                problems.Add(prefix, "is required.");
                continue;
            }
            draft = draft with { Steps = draft.Steps?.Select(step => WithoutUsersLackingApprovalSetup(step, setups)).ToList() };
            var workflow = FromDraft(draft, code: null);
            var stepProblems = new ProblemList();
            rules.CheckOnSave(workflow, stepProblems);
            if (catalog.FindTemplate(workflow.Code) is not null)
                stepProblems.Add("code", $"the record already exists, as a workflow template: {workflow.Code} is a template; import it under another code.");
            if (!seen.Add(workflow.Code))
                stepProblems.Add("code", $"{workflow.Code} is in the file twice.");
            var existing = workflow.Code.Length == 0 ? null : await store.FindAsync(tenantId, workflow.Code, cancellationToken);
            if (existing is { IsTemplate: true })
                conflicts.Add($"Workflow templates cannot be edited: {workflow.Code} is a template of this tenant.");
            else if (existing is { Enabled: true })
                conflicts.Add($"Enabled workflows cannot be edited. Disable workflow {workflow.Code} before you import it.");
            foreach (var (key, reasons) in Errors(stepProblems))
                foreach (var reason in reasons)
                    problems.Add($"{prefix}.{key}", reason);
            toSave.Add((workflow, existing?.Version));
        }

        var categoryRows = new List<WorkflowCategory>();
        for (var i = 0; i < categories.Count; i++)
        {
            try
            {
                var category = CheckCategory(categories[i]?.Code, categories[i]?.Description, $"categories[{i}].");
                if (WorkflowCategory.FindBuiltIn(category.Code) is null)
                    categoryRows.Add(category);
            }
            catch (ValidationFailedException invalid)
            {
                foreach (var (key, reasons) in invalid.Errors)
                    foreach (var reason in reasons)
                        problems.Add(key, reason);
            }
        }
        problems.ThrowIfAny();
        if (conflicts.Count > 0)
            throw new ConflictException(string.Join(" ", conflicts));
        return await store.SaveAllAsync(tenantId, toSave, categoryRows, cancellationToken);
    }

    private static IReadOnlyDictionary<string, string[]> Errors(ProblemList problems)
    {
        try
        {
            problems.ThrowIfAny();
            return new Dictionary<string, string[]>();
        }
        catch (ValidationFailedException invalid)
        {
            return invalid.Errors;
        }
    }

    private static WorkflowCategory CheckCategory(string? code, string? description, string prefix)
    {
        var problems = new ProblemList();
        var normalized = WorkflowRules.NormalizeCode(code ?? "");
        if (normalized.Length == 0)
            problems.Add($"{prefix}code", "is required.");
        else if (WorkflowCategory.FindBuiltIn(normalized) is { } builtIn && prefix.Length == 0)
            problems.Add($"{prefix}code", $"{builtIn.Code} is one of Business Central's categories, which cannot be changed.");
        if (string.IsNullOrWhiteSpace(description))
            problems.Add($"{prefix}description", "is required.");
        problems.ThrowIfAny();
        return new WorkflowCategory(normalized, description!.Trim(), BuiltIn: false);
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
        // An option sent as JSON null is an option left blank, as a blank field in Business Central's step arguments:
        // stored as not set, so no response ever reads a null value.
        (draft.Steps ?? []).Select(s => s is null ? null! : s with
        {
            FunctionCode = s.FunctionCode?.Trim() ?? "",
            EntryPoint = s.PreviousStepId is null,
            Options = (s.Options ?? new Dictionary<string, string>()).Where(o => o.Value is not null).ToDictionary(o => o.Key, o => o.Value),
        }).ToList(),
        Version: 0,
        default);
}
