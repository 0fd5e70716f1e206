namespace Workflow.TestPlugins.LostLibrary;

/// <summary>Something for the MissingDependency plugin to need; its dll is deleted from that plugin's folder.</summary>
public static class LostGreeting
{
    /// <summary>Never seen: the plugin fails before it can read it.</summary>
    public static string Text => "Greetings from a library that is not there.";
}

/// <summary>A base class for the MissingDependency plugin to derive a public type from.</summary>
public abstract class LostCard
{
    /// <summary>What the card says.</summary>
    public abstract string Text { get; }
}
