namespace Workflow.Engine.Workflows;

/// <summary>
/// A workflow category (Business Central's table 1508 Workflow Category): a code that groups templates and workflows.
/// The built-in ones are Business Central's; a tenant adds its own, and an import brings the categories its workflows use.
/// </summary>
public sealed record WorkflowCategory(string Code, string Description, bool BuiltIn)
{
    /// <summary>Business Central's categories (WorkflowSetup.InsertWorkflowCategories), which every tenant has.</summary>
    public static IReadOnlyList<WorkflowCategory> BuiltInCategories { get; } =
    [
        new("INT", "Integration", true),
        new("SALES", "Sales and Marketing", true),
        new("PURCH", "Purchases and Payables", true),
        new("PURCHDOC", "Purchase Documents", true),
        new("SALESDOC", "Sales Documents", true),
        new("ADMIN", "Administration", true),
        new("FIN", "Finance", true),
        new("INV", "Inventory", true),
    ];

    public static WorkflowCategory? FindBuiltIn(string code) =>
        BuiltInCategories.FirstOrDefault(c => string.Equals(c.Code, code, StringComparison.OrdinalIgnoreCase));
}
