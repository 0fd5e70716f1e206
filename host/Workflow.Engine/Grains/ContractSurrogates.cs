using Workflow.Abstractions;

namespace Workflow.Engine.Grains;

// The plugin contract (Workflow.Abstractions) stays free of Orleans so that plugins compile without it. Its few types
// that travel in grain calls (an instance's copy of its workflow's steps) cross as these engine-owned surrogates.

[GenerateSerializer, Alias("wf.step-definition")]
public struct WorkflowStepDefinitionSurrogate
{
    [Id(0)] public int Id;
    [Id(1)] public WorkflowStepType Type;
    [Id(2)] public string FunctionCode;
    [Id(3)] public int? PreviousStepId;
    [Id(4)] public bool EntryPoint;
    [Id(5)] public int SequenceNo;
    [Id(6)] public int? NextStepId;
    [Id(7)] public string? Description;
    [Id(8)] public Dictionary<string, string> Conditions;
    [Id(9)] public List<FieldChangeCondition> ChangeConditions;
    [Id(10)] public Dictionary<string, string> Options;
}

[RegisterConverter]
public sealed class WorkflowStepDefinitionConverter : IConverter<WorkflowStepDefinition, WorkflowStepDefinitionSurrogate>
{
    public WorkflowStepDefinition ConvertFromSurrogate(in WorkflowStepDefinitionSurrogate surrogate) =>
        new(surrogate.Id, surrogate.Type, surrogate.FunctionCode, surrogate.PreviousStepId)
        {
            EntryPoint = surrogate.EntryPoint,
            SequenceNo = surrogate.SequenceNo,
            NextStepId = surrogate.NextStepId,
            Description = surrogate.Description,
            Conditions = surrogate.Conditions,
            ChangeConditions = surrogate.ChangeConditions,
            Options = surrogate.Options,
        };

    public WorkflowStepDefinitionSurrogate ConvertToSurrogate(in WorkflowStepDefinition value) => new()
    {
        Id = value.Id,
        Type = value.Type,
        FunctionCode = value.FunctionCode,
        PreviousStepId = value.PreviousStepId,
        EntryPoint = value.EntryPoint,
        SequenceNo = value.SequenceNo,
        NextStepId = value.NextStepId,
        Description = value.Description,
        Conditions = new Dictionary<string, string>(value.Conditions),
        ChangeConditions = [.. value.ChangeConditions],
        Options = new Dictionary<string, string>(value.Options),
    };
}

[GenerateSerializer, Alias("wf.field-change-condition")]
public struct FieldChangeConditionSurrogate
{
    [Id(0)] public string Field;
    [Id(1)] public FieldChangeOperator Operator;
}

[RegisterConverter]
public sealed class FieldChangeConditionConverter : IConverter<FieldChangeCondition, FieldChangeConditionSurrogate>
{
    public FieldChangeCondition ConvertFromSurrogate(in FieldChangeConditionSurrogate surrogate) => new(surrogate.Field, surrogate.Operator);

    public FieldChangeConditionSurrogate ConvertToSurrogate(in FieldChangeCondition value) => new() { Field = value.Field, Operator = value.Operator };
}

[GenerateSerializer, Alias("wf.step-type")]
public struct WorkflowStepTypeSurrogate
{
    [Id(0)] public int Value;
}

[RegisterConverter]
public sealed class WorkflowStepTypeConverter : IConverter<WorkflowStepType, WorkflowStepTypeSurrogate>
{
    public WorkflowStepType ConvertFromSurrogate(in WorkflowStepTypeSurrogate surrogate) => (WorkflowStepType)surrogate.Value;

    public WorkflowStepTypeSurrogate ConvertToSurrogate(in WorkflowStepType value) => new() { Value = (int)value };
}

[GenerateSerializer, Alias("wf.field-change-operator")]
public struct FieldChangeOperatorSurrogate
{
    [Id(0)] public int Value;
}

[RegisterConverter]
public sealed class FieldChangeOperatorConverter : IConverter<FieldChangeOperator, FieldChangeOperatorSurrogate>
{
    public FieldChangeOperator ConvertFromSurrogate(in FieldChangeOperatorSurrogate surrogate) => (FieldChangeOperator)surrogate.Value;

    public FieldChangeOperatorSurrogate ConvertToSurrogate(in FieldChangeOperator value) => new() { Value = (int)value };
}
