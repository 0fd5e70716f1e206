namespace Workflow.Engine.Grains;

/// <summary>
/// The stable identity of a grain: its tenant, its type name (e.g. <c>workflow-instance</c>) and its key within the type.
/// Activations come and go; the identity, and the state stored under it, stay.
/// </summary>
public readonly record struct GrainId(string TenantId, string GrainType, string Key)
{
    public override string ToString() => $"{GrainType}/{TenantId}/{Key}";
}
