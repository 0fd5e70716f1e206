using System.Text.RegularExpressions;
using Workflow.Abstractions;
using Workflow.Engine.Conditions;
using Workflow.Engine.Plugins;

namespace Workflow.Engine.Workflows;

/// <summary>
/// What makes a workflow well formed (checked on every save) and what makes it ready to run (checked when it is enabled,
/// as Business Central does in §7.1 of the catalogue). Every problem is named with its field, not just the first.
/// </summary>
public sealed partial class WorkflowRules(WorkflowCatalog catalog)
{
    [GeneratedRegex("^[A-Z0-9][A-Z0-9_.-]{0,19}$")]
    private static partial Regex CodePattern();

    public static string NormalizeCode(string code) => code.Trim().ToUpperInvariant();

    /// <summary>Structure and syntax: codes, step links, condition syntax. Unknown events and responses are allowed until enabling.</summary>
    public void CheckOnSave(WorkflowDefinition workflow, ProblemList problems)
    {
        if (!CodePattern().IsMatch(workflow.Code))
            problems.Add("code", "must be 1 to 20 letters, digits or _ . -, starting with a letter or digit.");
        if (string.IsNullOrWhiteSpace(workflow.Description))
            problems.Add("description", "is required.");
        else if (workflow.Description.Length > 100)
            problems.Add("description", "must be at most 100 characters.");
        if (workflow.RecordType is { } recordTypeCode && catalog.FindRecordType(recordTypeCode) is null)
            problems.Add("recordType", $"record type '{recordTypeCode}' is not registered by any loaded plugin.");

        var ids = new HashSet<int>();
        for (var i = 0; i < workflow.Steps.Count; i++)
        {
            var step = workflow.Steps[i];
            var field = $"steps[{i}]";
            if (step is null)
            {
                problems.Add(field, "must be a step object, not null.");
                continue;
            }
            if (step.Id <= 0)
                problems.Add($"{field}.id", "must be a positive number.");
            else if (!ids.Add(step.Id))
                problems.Add($"{field}.id", $"step id {step.Id} is used twice.");
            if (string.IsNullOrWhiteSpace(step.FunctionCode))
                problems.Add($"{field}.functionCode", "is required: the event or response code.");
            // A value no member has would be stored and exported as a step of no kind.
            if (!Enum.IsDefined(step.Type))
                problems.Add($"{field}.type", $"must be one of: {string.Join(", ", Enum.GetNames<WorkflowStepType>())}.");
            if (step.SequenceNo < 0)
                problems.Add($"{field}.sequenceNo", "must be 0 or more.");
            for (var c = 0; c < step.ChangeConditions.Count; c++)
                if (step.ChangeConditions[c] is { } change && !Enum.IsDefined(change.Operator))
                    problems.Add($"{field}.changeConditions[{c}].operator", $"must be one of: {string.Join(", ", Enum.GetNames<FieldChangeOperator>())}.");
            if (step.Type == WorkflowStepType.Response && (step.Conditions.Count > 0 || step.ChangeConditions.Count > 0))
                problems.Add($"{field}.conditions", "only event steps have conditions.");
            if (step.Type == WorkflowStepType.Event && step.Options.Count > 0)
                problems.Add($"{field}.options", "only response steps have options.");
            // A response no loaded plugin registers has no schema yet; enabling names it.
            if (step.Type == WorkflowStepType.Response && catalog.FindResponse(step.FunctionCode ?? "") is { } response)
                ResponseOptionRules.CheckNames($"{field}.options", step.Id, step.Options, response.Definition, problems);
        }

        var byId = workflow.Steps.Where(s => s is not null).GroupBy(s => s.Id).ToDictionary(g => g.Key, g => g.First());
        for (var i = 0; i < workflow.Steps.Count; i++)
        {
            var step = workflow.Steps[i];
            if (step is null)
                continue;
            if (step.PreviousStepId is { } previous && (previous == step.Id || !byId.ContainsKey(previous)))
                problems.Add($"steps[{i}].previousStepId", previous == step.Id ? "a step cannot follow itself." : $"step {previous} does not exist.");
            if (step.NextStepId is { } next && (next == step.Id || !byId.ContainsKey(next)))
                problems.Add($"steps[{i}].nextStepId", next == step.Id ? "a step cannot jump to itself." : $"step {next} does not exist.");
            if (FollowsItself(step, byId))
                problems.Add($"steps[{i}].previousStepId", "the previous-step links of this step form a loop; use nextStepId to loop back.");
        }

        // Conditions must parse on save; they are typed against the record type when it can be told already.
        for (var i = 0; i < workflow.Steps.Count; i++)
        {
            var step = workflow.Steps[i];
            if (step is null || step.Type != WorkflowStepType.Event || step.Conditions.Count == 0)
                continue;
            var recordType = RecordTypeOf(workflow, step) ?? Untyped(step.Conditions.Keys);
            CheckConditions($"steps[{i}].conditions", step, recordType, problems);
        }
    }

    /// <summary>Everything <see cref="CheckOnSave"/> checks, plus what running needs (catalogue §7.1).</summary>
    public void CheckOnEnable(
        WorkflowDefinition workflow,
        IReadOnlyList<WorkflowDefinition> otherEnabledWithSameEntryEvent,
        Func<string, bool> userExists,
        ProblemList problems)
    {
        if (workflow.IsTemplate)
        {
            problems.Add("enabled", "workflow templates cannot be enabled: copy the template to a new workflow and enable that.");
            return;
        }
        CheckOnSave(workflow, problems);
        if (!problems.IsEmpty)
            return;

        var roots = workflow.Steps.Select((s, i) => (Step: s, Index: i)).Where(s => s.Step.PreviousStepId is null).ToList();
        if (roots.Count == 0)
            problems.Add("steps", "the workflow has no entry point: one event step must have no previous step.");
        else if (roots.Count > 1)
            problems.Add("steps", $"There can be only one left-aligned workflow step: an enabled workflow has exactly one step without a previous step (the entry point); steps {string.Join(", ", roots.Select(r => r.Step.Id))} have none.");
        else if (roots[0].Step.Type != WorkflowStepType.Event)
            problems.Add($"steps[{roots[0].Index}].type", "Events can only be specified as entry points: the step without a previous step must be an event.");

        var byId = workflow.Steps.ToDictionary(s => s.Id);
        bool holdsChanges = false, appliesChanges = false;
        for (var i = 0; i < workflow.Steps.Count; i++)
        {
            var step = workflow.Steps[i];
            var field = $"steps[{i}]";
            if (step.Type == WorkflowStepType.Event)
            {
                var entry = catalog.FindEvent(step.FunctionCode);
                if (entry is null)
                {
                    problems.Add($"{field}.functionCode", $"event '{step.FunctionCode}' is not registered by any loaded plugin (was its plugin removed?).");
                    continue;
                }
                var recordType = RecordTypeOf(workflow, step);
                if (recordType is null && (step.Conditions.Count > 0 || step.ChangeConditions.Count > 0))
                    problems.Add("recordType", $"event {entry.Code} can concern any record type: set the workflow's record type so its conditions can be checked.");
                if (recordType is not null)
                    CheckConditions($"{field}.conditions", step, recordType, problems);
                if (step.ChangeConditions.Count > 0 && !entry.Definition.UsedForRecordChange)
                    problems.Add($"{field}.changeConditions", $"event {entry.Code} is not a record-change event, so it has no previous values to compare.");
                for (var c = 0; c < step.ChangeConditions.Count; c++)
                    if (recordType is not null && FieldChangeConditions.Problem(step.ChangeConditions[c], recordType) is { } reason)
                        problems.Add($"{field}.changeConditions[{c}]", reason);
            }
            else
            {
                var entry = catalog.FindResponse(step.FunctionCode);
                if (entry is null)
                {
                    problems.Add($"{field}.functionCode", $"response '{step.FunctionCode}' is not registered by any loaded plugin (was its plugin removed?).");
                    continue;
                }
                var response = entry.Definition;
                if (step.PreviousStepId is { } previousId && MayNotFollow(response, byId[previousId]) is { } reason)
                    problems.Add($"{field}.previousStepId", reason);
                ResponseOptionRules.Check($"{field}.options", step.Options, response, RecordTypeForResponse(workflow, step, byId), userExists, problems);
                holdsChanges |= string.Equals(response.Code, "REVERT_FIELD_VALUE", StringComparison.OrdinalIgnoreCase);
                appliesChanges |= string.Equals(response.Code, "APPLY_NEW_VALUES", StringComparison.OrdinalIgnoreCase);
            }
        }

        CheckEventRelations(workflow, byId, problems);

        // Business Central refuses a workflow that holds changes it never applies, or applies changes it never holds.
        if (holdsChanges && !appliesChanges)
            problems.Add("steps", "The workflow does not contain a response to apply the saved values to: it reverts field changes but has no APPLY_NEW_VALUES response to apply them.");
        if (appliesChanges && !holdsChanges)
            problems.Add("steps", "The workflow does not contain a response to revert and save the changed field values: it applies new values but has no REVERT_FIELD_VALUE response that saves them.");

        if (problems.IsEmpty && workflow.EntryPoint is { } entryPoint)
            CheckEntryPointOverlap(workflow, entryPoint, otherEnabledWithSameEntryEvent, problems);
    }

    /// <summary>The record type an event step's conditions are typed against: the event's own, else the workflow's.</summary>
    public RecordTypeDefinition? RecordTypeOf(WorkflowDefinition workflow, WorkflowStepDefinition eventStep)
    {
        var code = catalog.FindEvent(eventStep.FunctionCode)?.Definition.RecordType ?? workflow.RecordType;
        return code is null ? null : catalog.FindRecordType(code)?.Definition;
    }

    /// <summary>The parsed entry condition of a workflow, for dispatch and overlap checks.</summary>
    public RecordCondition EntryCondition(WorkflowDefinition workflow, WorkflowStepDefinition step) =>
        RecordCondition.Parse(step.Conditions, RecordTypeOf(workflow, step) ?? Untyped(step.Conditions.Keys));

    private void CheckEntryPointOverlap(WorkflowDefinition workflow, WorkflowStepDefinition entryPoint, IReadOnlyList<WorkflowDefinition> others, ProblemList problems)
    {
        var recordType = RecordTypeOf(workflow, entryPoint)?.Code;
        var mine = EntryCondition(workflow, entryPoint);
        foreach (var other in others)
        {
            if (string.Equals(other.Code, workflow.Code, StringComparison.Ordinal) || other.EntryPoint is not { } theirs)
                continue;
            var theirRecordType = RecordTypeOf(other, theirs)?.Code;
            if (recordType is not null && theirRecordType is not null && !string.Equals(recordType, theirRecordType, StringComparison.OrdinalIgnoreCase))
                continue; // a generic event on different record types never starts both
            // Business Central's CompareEventRule: entry points whose field-change rules differ are unique, whatever their
            // filters (two change workflows watching different fields both run).
            if (!SameChangeConditions(entryPoint, theirs))
                continue;
            if (RecordCondition.MayOverlap(mine, EntryCondition(other, theirs)))
                problems.Add("steps[0].conditions",
                    $"One or more entry-point steps exist that use the same event on table {recordType ?? theirRecordType ?? "(any)"}. You must specify unique event conditions on entry-point steps that use the same table: "
                    + $"enabled workflow {other.Code} also starts on event {theirs.FunctionCode} and its conditions may match the same records.");
        }
    }

    private static bool SameChangeConditions(WorkflowStepDefinition mine, WorkflowStepDefinition theirs)
    {
        static HashSet<(string, FieldChangeOperator)> Rules(WorkflowStepDefinition step) =>
            step.ChangeConditions.Select(c => (c.Field.Trim().ToUpperInvariant(), c.Operator)).ToHashSet();
        return Rules(mine).SetEquals(Rules(theirs));
    }

    /// <summary>Why the response may not directly follow <paramref name="previous"/>, or null when it may.</summary>
    private string? MayNotFollow(WorkflowResponseDefinition response, WorkflowStepDefinition previous)
    {
        var listed = response.AllowedPredecessors.Contains(previous.FunctionCode, StringComparer.OrdinalIgnoreCase);
        if (response.FollowsRecordChangeEvents)
        {
            var isChangeEvent = previous.Type == WorkflowStepType.Event && catalog.FindEvent(previous.FunctionCode)?.Definition.UsedForRecordChange == true;
            return listed || isChangeEvent ? null
                : $"response {response.Code} may not follow {previous.FunctionCode}: it may only follow a record-change event (one that carries the record's previous values, such as RECORD_CHANGED or CUSTOMER_CHANGED)"
                  + (response.AllowedPredecessors.Count > 0 ? $" or: {string.Join(", ", response.AllowedPredecessors)}." : ".");
        }
        return response.AllowedPredecessors.Count == 0 || listed ? null
            : $"response {response.Code} may not follow {previous.FunctionCode}; it may follow: {string.Join(", ", response.AllowedPredecessors)}.";
    }

    /// <summary>
    /// Business Central's table-relation check between consecutive events. An instance carries one record, and only its
    /// events reach it: an event typed for another record type never would. Generic events fit any record type, and the
    /// approval events are raised for the record under approval, so both relate to every record type.
    /// </summary>
    private void CheckEventRelations(WorkflowDefinition workflow, Dictionary<int, WorkflowStepDefinition> byId, ProblemList problems)
    {
        var entry = workflow.EntryPoint;
        var carried = entry is null ? workflow.RecordType : catalog.FindEvent(entry.FunctionCode)?.Definition.RecordType ?? workflow.RecordType;
        string? TypeOf(WorkflowStepDefinition eventStep)
        {
            var own = catalog.FindEvent(eventStep.FunctionCode)?.Definition.RecordType;
            return own is null || string.Equals(own, Approvals.ApprovalsCatalog.ApprovalEntryRecordType, StringComparison.OrdinalIgnoreCase) ? carried : own;
        }

        for (var i = 0; i < workflow.Steps.Count; i++)
        {
            var step = workflow.Steps[i];
            if (step.Type != WorkflowStepType.Event || catalog.FindEvent(step.FunctionCode) is null)
                continue;
            var previous = PreviousEvent(step, byId);
            if (previous is null || catalog.FindEvent(previous.FunctionCode) is null)
                continue;
            var (theirs, mine) = (TypeOf(previous), TypeOf(step));
            if (theirs is not null && mine is not null && !string.Equals(theirs, mine, StringComparison.OrdinalIgnoreCase)
                && !MakesBetween(previous, step, mine, byId))
                problems.Add($"steps[{i}].functionCode",
                    $"event {step.FunctionCode} concerns {mine} but follows event {previous.FunctionCode} on {theirs}, and no table relation links the two: an instance carries one {theirs} record, so this event would never reach it (you must define a table relation between all records used in events).");
        }
    }

    /// <summary>Whether a response between the two events makes a record of <paramref name="recordType"/> the instance continues on.</summary>
    private bool MakesBetween(WorkflowStepDefinition previous, WorkflowStepDefinition step, string recordType, Dictionary<int, WorkflowStepDefinition> byId)
    {
        for (var current = step; current.PreviousStepId is { } id && id != previous.Id && byId.TryGetValue(id, out var before); current = before)
            if (before.Type == WorkflowStepType.Response
                && catalog.FindResponse(before.FunctionCode)?.Definition.ContinuesOnRecordTypes.Contains(recordType, StringComparer.OrdinalIgnoreCase) == true)
                return true;
        return false;
    }

    private static WorkflowStepDefinition? PreviousEvent(WorkflowStepDefinition step, Dictionary<int, WorkflowStepDefinition> byId)
    {
        var seen = new HashSet<int> { step.Id };
        for (var current = step; current.PreviousStepId is { } previous && byId.TryGetValue(previous, out var before) && seen.Add(before.Id); current = before)
            if (before.Type == WorkflowStepType.Event)
                return before;
        return null;
    }

    private static void CheckConditions(string field, WorkflowStepDefinition step, RecordTypeDefinition recordType, ProblemList problems)
    {
        try
        {
            RecordCondition.Parse(step.Conditions, recordType);
        }
        catch (ConditionValidationException invalid)
        {
            foreach (var problem in invalid.Problems)
                problems.Add($"{field}.{problem.Field}", problem.Position is { } position ? $"{problem.Reason} (at position {position + 1})" : problem.Reason);
        }
    }

    private RecordTypeDefinition? RecordTypeForResponse(WorkflowDefinition workflow, WorkflowStepDefinition step, Dictionary<int, WorkflowStepDefinition> byId)
    {
        // Responses work on the record the instance carries: the one of its entry event (later events, such as approval
        // events, may concern another record type).
        var root = step;
        while (root.PreviousStepId is { } previous && byId.TryGetValue(previous, out var before) && before.Id != step.Id)
            root = before;
        return root.Type == WorkflowStepType.Event ? RecordTypeOf(workflow, root)
            : workflow.RecordType is { } code ? catalog.FindRecordType(code)?.Definition : null;
    }

    private static bool FollowsItself(WorkflowStepDefinition step, Dictionary<int, WorkflowStepDefinition> byId)
    {
        var seen = new HashSet<int> { step.Id };
        for (var current = step; current.PreviousStepId is { } previous && byId.TryGetValue(previous, out var before); current = before)
            if (!seen.Add(before.Id))
                return true;
        return false;
    }

    // When the record type is not known yet, conditions are checked for syntax as text.
    private static RecordTypeDefinition Untyped(IEnumerable<string> fields) =>
        new("*", "any", fields.Select(f => new RecordFieldDefinition(f, RecordFieldType.Text)).ToList());
}
