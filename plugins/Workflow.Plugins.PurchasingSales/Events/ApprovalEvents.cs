using Workflow.Abstractions;

namespace Workflow.Plugins.PurchasingSales.Events;

/// <summary>
/// Builds the events every approvable record type has, worded as Business Central words them: "Approval of a &lt;noun&gt; is
/// requested." and "An approval request for a &lt;noun&gt; is canceled.".
/// </summary>
internal static class ApprovalEvents
{
    public static WorkflowEventDefinition Requested(string code, string noun, string recordType) =>
        new(code, $"Approval of {Article(noun)} {noun} is requested.", recordType);

    public static WorkflowEventDefinition Canceled(string code, string noun, string recordType) =>
        new(code, $"An approval request for {Article(noun)} {noun} is canceled.", recordType);

    private static string Article(string noun) => "aeiou".Contains(noun[0], StringComparison.OrdinalIgnoreCase) ? "an" : "a";
}
