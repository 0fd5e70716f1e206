namespace Workflow.Engine.Plugins;

/// <summary>A plugin could not be loaded; the message is what <see cref="PluginInfo.Error"/> shows.</summary>
internal sealed class PluginLoadException(string message, Exception? innerException = null) : Exception(message, innerException);
