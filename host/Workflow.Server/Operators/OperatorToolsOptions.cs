namespace Workflow.Server.Operators;

/// <summary>The <c>Operators</c> section: which of the operators' tools this server runs.</summary>
public sealed class OperatorToolsOptions
{
    public const string Section = "Operators";

    /// <summary>
    /// Runs the Orleans Dashboard in this server's silo (set it alike on every silo of a cluster). It profiles every grain
    /// call and polls every silo each second, and it is most of a silo's start-up cost, so a server that starts often and
    /// is never looked at (the test suite's, hundreds of them) turns it off.
    /// </summary>
    public bool OrleansDashboard { get; set; } = true;
}
