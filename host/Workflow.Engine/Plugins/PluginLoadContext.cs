using System.Collections.Frozen;
using System.Reflection;
using System.Runtime.Loader;
using Workflow.Abstractions;

namespace Workflow.Engine.Plugins;

/// <summary>
/// The load context of one plugin. Its dependencies resolve from the plugin folder through the plugin's
/// <c>.deps.json</c>, so two plugins can ship different versions of the same library; the contract assembly always
/// comes from the host, so the host and every plugin agree on what an <see cref="IWorkflowPlugin"/> is.
/// </summary>
/// <remarks>
/// Not collectible: plugins are loaded once at start-up and a new version takes a restart, which keeps handler
/// instances free to be cached anywhere in the host.
/// </remarks>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    /// <summary>
    /// Assemblies every plugin must share with the host, by simple name. Kept to the contract on purpose: anything
    /// else a plugin ships is its own business, and framework assemblies fall through to the default context anyway.
    /// The host's own copy is returned whatever version the plugin was compiled against, so a plugin built against an
    /// older contract still binds (a missing member then fails that plugin alone, when it is used).
    /// </summary>
    private static readonly FrozenDictionary<string, Assembly> SharedAssemblies =
        new[] { typeof(IWorkflowPlugin).Assembly }
            .ToFrozenDictionary(assembly => assembly.GetName().Name!, StringComparer.OrdinalIgnoreCase);

    private readonly AssemblyDependencyResolver _resolver;

    /// <summary>Creates the context for the plugin whose main assembly is at <paramref name="mainAssemblyPath"/>.</summary>
    /// <exception cref="InvalidOperationException">The plugin's <c>.deps.json</c> cannot be used.</exception>
    public PluginLoadContext(string pluginName, string mainAssemblyPath)
        : base($"Plugin: {pluginName}", isCollectible: false)
    {
        _resolver = new AssemblyDependencyResolver(mainAssemblyPath);
    }

    /// <summary>True when the host supplies the assembly to every plugin.</summary>
    public static bool IsShared(string assemblyName) => SharedAssemblies.ContainsKey(assemblyName);

    /// <summary>
    /// Loads the plugin's main assembly from its bytes, so the file on disk stays free to be replaced before the next
    /// restart. Its dependencies are loaded from their paths instead: they keep a meaningful
    /// <see cref="Assembly.Location"/> and any ReadyToRun code, which a stream load would drop.
    /// </summary>
    public Assembly LoadMainAssembly(byte[] assembly, byte[]? symbols)
    {
        using var assemblyStream = new MemoryStream(assembly, writable: false);
        using var symbolStream = symbols is null ? null : new MemoryStream(symbols, writable: false);
        return LoadFromStream(assemblyStream, symbolStream);
    }

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is { } name && SharedAssemblies.TryGetValue(name, out var shared))
        {
            return shared;
        }

        // Null lets the default context resolve it: framework assemblies, and anything the plugin does not ship.
        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    /// <inheritdoc />
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
