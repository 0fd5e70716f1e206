using System.Text.Json.Serialization;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Grains;

/// <summary>
/// Grain state that can carry the rows its turn mirrors into side tables (entry index, instance index, archive,
/// notifications, outbox). <see cref="WorkflowGrainStorage"/> commits them in the same transaction as the state, so a
/// turn's writes are all durable or none are.
/// </summary>
[GenerateSerializer]
public abstract class StateWithSideRows
{
    /// <summary>Rows to commit with the next state write; taken (and cleared) by the write.</summary>
    // Neither stored nor sent: they belong to the turn, not to the state.
    [JsonIgnore]
    [field: NonSerialized]
    public WriteBatch? SideRows { get; set; }
}
