using System.Reflection;
using Microsoft.Extensions.Logging;
using Workflow.Abstractions;
using McMasterPluginLoader = McMaster.NETCore.Plugins.PluginLoader;

namespace Workflow.Engine.Plugins;

/// <summary>
/// Builds the <see cref="WorkflowCatalog"/> from the plugins directory. Each sub-folder is one plugin, loaded in its own
/// load context (McMaster.NETCore.Plugins) and registered into its own staging catalogue; a plugin that cannot be
/// loaded, throws while registering, reuses a code an earlier plugin took, or refers to definitions no plugin registers
/// is listed as failed with the reason and contributes nothing, while every other plugin keeps working.
/// </summary>
public sealed partial class PluginLoader
{
    private static readonly char[] LineBreaks = ['\r', '\n'];

    /// <summary>
    /// What every plugin shares with the host, so the host and every plugin agree on what an
    /// <see cref="IWorkflowPlugin"/> is. Kept to the contract on purpose: McMaster also shares everything a shared
    /// assembly references, which for <c>Workflow.Abstractions</c> is the base library alone; anything bigger would
    /// hand plugins the host's copies of libraries they ship themselves. McMaster asks the host for the contract
    /// version the plugin was built against, so a plugin built against a newer contract than the host's does not bind.
    /// </summary>
    private static readonly Type[] SharedTypes = [typeof(IWorkflowPlugin)];

    private static readonly string ContractAssemblyName = typeof(IWorkflowPlugin).Assembly.GetName().Name!;

    private readonly ILogger<PluginLoader> _logger;

    /// <summary>Creates a loader that reports what it loads, and why plugins fail, to <paramref name="logger"/>.</summary>
    public PluginLoader(ILogger<PluginLoader> logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
    }

    /// <summary>
    /// Loads every plugin folder of <paramref name="pluginsDirectory"/> in ordinal order of folder name; where two
    /// plugins register the same code, the one loaded first keeps it. A missing directory gives an empty catalogue.
    /// Exceptions thrown by plugin code never escape: they fail that plugin.
    /// </summary>
    /// <param name="pluginsDirectory">The plugins directory, usually <see cref="PluginOptions.Directory"/>.</param>
    /// <param name="cancellationToken">Stops loading between plugins.</param>
    public Task<WorkflowCatalog> LoadAsync(string pluginsDirectory, CancellationToken cancellationToken = default) =>
        LoadAsync(pluginsDirectory, [], cancellationToken);

    /// <summary>
    /// As <see cref="LoadAsync(string, CancellationToken)"/>, with the host's own catalogue parts (such as the approval
    /// module's responses and events) registered first, under the same rules, so plugins and their templates can use them.
    /// </summary>
    public async Task<WorkflowCatalog> LoadAsync(string pluginsDirectory, IEnumerable<IWorkflowPlugin> hostPlugins, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pluginsDirectory);
        var directory = Path.GetFullPath(pluginsDirectory);
        var composer = new WorkflowCatalogComposer();
        foreach (var instance in hostPlugins)
            composer.Add(StageInstance(instance));
        if (!Directory.Exists(directory))
        {
            LogNoPluginsDirectory(directory);
            return Complete(composer, directory);
        }

        var folders = Directory.GetDirectories(directory)
            .Select(folder => (Path: folder, Name: Path.GetFileName(folder)))
            // Hidden folders are tooling's (.git, .vs, ...), never a plugin.
            .Where(folder => !folder.Name.StartsWith('.'))
            .OrderBy(folder => folder.Name, StringComparer.Ordinal);

        foreach (var folder in folders)
        {
            cancellationToken.ThrowIfCancellationRequested();
            composer.Add(await StageFolderAsync(folder.Path, folder.Name, cancellationToken));
        }

        return Complete(composer, directory);
    }

    /// <summary>
    /// Builds a catalogue from plugin instances the host already has (compiled into it, or made by a test), with the
    /// same rules as <see cref="LoadAsync"/>: each instance is one plugin, named after its type's full name, loaded in
    /// the order given. No load context is involved.
    /// </summary>
    public WorkflowCatalog Compose(IEnumerable<IWorkflowPlugin> plugins)
    {
        ArgumentNullException.ThrowIfNull(plugins);
        var composer = new WorkflowCatalogComposer();
        foreach (var instance in plugins)
        {
            ArgumentNullException.ThrowIfNull(instance, nameof(plugins));
            composer.Add(StageInstance(instance));
        }

        return Complete(composer, directory: null);
    }

    private StagedPlugin StageInstance(IWorkflowPlugin instance)
    {
        var type = instance.GetType();
        var plugin = new StagedPlugin(type.FullName ?? type.Name, VersionOf(type.Assembly), type.Assembly.Location);
        return Register(plugin, () => [instance]);
    }

    private async Task<StagedPlugin> StageFolderAsync(string folder, string folderName, CancellationToken cancellationToken)
    {
        var mainPath = Path.Combine(folder, folderName + ".dll");
        var plugin = new StagedPlugin(folderName, Version: null, mainPath);
        if (!File.Exists(mainPath))
        {
            return plugin.Fail($"The plugin folder has no {folderName}.dll.");
        }

        Assembly assembly;
        McMasterPluginLoader loader;
        try
        {
            WarnAboutPrivateCopyOfTheContract(folder, folderName);
            // Not collectible: plugins are loaded once at start-up and a new version takes a restart, which keeps
            // handler instances free to be cached anywhere in the host. For the same reason the loader is never
            // disposed: that would only unload a collectible context. McMaster wants an absolute path, which mainPath
            // is: the folders come from the full path of the plugins directory.
            loader = McMasterPluginLoader.CreateFromAssemblyFile(mainPath, isUnloadable: false, SharedTypes);
            assembly = await LoadMainAssemblyAsync(loader, mainPath, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return plugin.Fail(Describe(exception), exception);
        }

        plugin = plugin with { Name = assembly.GetName().Name ?? folderName, Version = VersionOf(assembly) };

        // Type.GetType and Assembly.Load by name inside the plugin's constructors and Register resolve in its context.
        using (loader.EnterContextualReflection())
        {
            return Register(plugin, () => CreatePlugins(assembly));
        }
    }

    /// <summary>
    /// Loads the plugin's main assembly from its bytes, so the file on disk stays free to be replaced before the next
    /// restart. Its dependencies are left to McMaster, which loads them from their paths: they keep a meaningful
    /// <see cref="Assembly.Location"/> and any ReadyToRun code. McMaster's own <c>LoadInMemory</c> is not used because
    /// it would drop both for every assembly of the plugin, and shadow-copy native libraries into temporary folders
    /// that only unloading a collectible context removes.
    /// </summary>
    private static async Task<Assembly> LoadMainAssemblyAsync(McMasterPluginLoader loader, string mainPath, CancellationToken cancellationToken)
    {
        var assembly = await File.ReadAllBytesAsync(mainPath, cancellationToken);
        var symbolsPath = Path.ChangeExtension(mainPath, ".pdb");
        var symbols = File.Exists(symbolsPath) ? await File.ReadAllBytesAsync(symbolsPath, cancellationToken) : null;
        using var assemblyStream = new MemoryStream(assembly, writable: false);
        using var symbolStream = symbols is null ? null : new MemoryStream(symbols, writable: false);
        return loader.LoadContext.LoadFromStream(assemblyStream, symbolStream);
    }

    /// <summary>Creates an instance of every plugin type of the main assembly, in ordinal order of full type name.</summary>
    private static IReadOnlyList<IWorkflowPlugin> CreatePlugins(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (Exception exception)
        {
            throw new PluginLoadException($"Could not load the plugin's types: {Describe(exception)}", exception);
        }

        var pluginTypes = types
            .Where(type => type is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false }
                && type.IsAssignableTo(typeof(IWorkflowPlugin))
                && type.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .ToArray();
        if (pluginTypes.Length == 0)
        {
            throw new PluginLoadException(
                $"The plugin's main assembly has no public, non-abstract class implementing {nameof(IWorkflowPlugin)} with a public parameterless constructor.");
        }

        return pluginTypes.Select(Create).ToArray();

        static IWorkflowPlugin Create(Type type)
        {
            try
            {
                return (IWorkflowPlugin)Activator.CreateInstance(type)!;
            }
            catch (Exception exception)
            {
                throw new PluginLoadException($"Could not create {type.FullName}: {Describe(exception)}", exception);
            }
        }
    }

    /// <summary>Runs every plugin type's Register against one staging catalogue; any exception fails the whole plugin.</summary>
    private static StagedPlugin Register(StagedPlugin plugin, Func<IReadOnlyList<IWorkflowPlugin>> createPlugins)
    {
        IReadOnlyList<IWorkflowPlugin> instances;
        try
        {
            instances = createPlugins();
        }
        catch (Exception exception)
        {
            return plugin.Fail(Describe(exception), exception);
        }

        var registrations = new PluginRegistrations(plugin.Name);
        try
        {
            foreach (var instance in instances)
            {
                try
                {
                    instance.Register(registrations);
                }
                catch (Exception exception)
                {
                    return plugin.Fail($"{instance.GetType().FullName}.Register failed: {Describe(exception)}", exception);
                }
            }
        }
        finally
        {
            registrations.Close();
        }

        return plugin with { Registrations = registrations };
    }

    private WorkflowCatalog Complete(WorkflowCatalogComposer composer, string? directory)
    {
        var (catalog, outcomes) = composer.Compose();
        foreach (var outcome in outcomes)
        {
            if (outcome.Accepted)
            {
                var registered = outcome.Registrations!;
                LogPluginLoaded(outcome.Name, outcome.Version, outcome.File, registered.RecordTypes.Count, registered.Events.Count, registered.Responses.Count, registered.Templates.Count);
            }
            else
            {
                LogPluginFailed(outcome.Exception, outcome.Name, outcome.File, outcome.Error);
            }
        }

        WarnAboutUnknownPredecessors(catalog);
        LogCatalogLoaded(catalog.Plugins.Count(plugin => plugin.Status == PluginStatus.Loaded), catalog.Plugins.Count, directory ?? "(in-process plugins)");
        return catalog;
    }

    /// <summary>
    /// Business Central only uses event/response combinations to filter what users can pick, so a predecessor no plugin
    /// registers makes a response harder to use, not broken: warn rather than fail the plugin.
    /// </summary>
    private void WarnAboutUnknownPredecessors(WorkflowCatalog catalog)
    {
        foreach (var response in catalog.Responses)
        {
            foreach (var predecessor in response.Definition.AllowedPredecessors)
            {
                if (catalog.FindEvent(predecessor) is null && catalog.FindResponse(predecessor) is null)
                {
                    LogUnknownPredecessor(response.Code, response.PluginName, predecessor);
                }
            }
        }
    }

    private void WarnAboutPrivateCopyOfTheContract(string folder, string pluginName)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*.dll"))
        {
            var assemblyName = Path.GetFileNameWithoutExtension(file);
            if (string.Equals(assemblyName, ContractAssemblyName, StringComparison.OrdinalIgnoreCase))
            {
                LogPrivateSharedAssembly(pluginName, assemblyName);
            }
        }
    }

    private static string? VersionOf(Assembly assembly)
    {
        try
        {
            return assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? assembly.GetName().Version?.ToString();
        }
        catch (Exception)
        {
            // An attribute whose type cannot be loaded must not fail the plugin; the version is informative only.
            return assembly.GetName().Version?.ToString();
        }
    }

    /// <summary>
    /// The message that explains the failure best, skipping reflection's wrapper exceptions, on one line (some runtime
    /// messages end in a line break, which has no place in a plugin listing).
    /// </summary>
    private static string Describe(Exception exception) =>
        string.Join(' ', Explain(exception).Split(LineBreaks, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Explain(Exception exception) => exception switch
    {
        TargetInvocationException { InnerException: { } inner } => Describe(inner),
        ReflectionTypeLoadException { LoaderExceptions: var loaderExceptions } when loaderExceptions.Any(e => e is not null) =>
            string.Join(" ", loaderExceptions.OfType<Exception>().Select(Describe).Distinct()),
        TypeInitializationException { InnerException: { } inner } => $"{exception.Message} {Describe(inner)}",
        _ => exception.Message,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "The plugins directory {Directory} does not exist; no plugins are loaded.")]
    private partial void LogNoPluginsDirectory(string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded plugin {Plugin} {Version} from {File}: {RecordTypes} record types, {Events} events, {Responses} responses, {Templates} templates.")]
    private partial void LogPluginLoaded(string plugin, string? version, string file, int recordTypes, int events, int responses, int templates);

    [LoggerMessage(Level = LogLevel.Error, Message = "Plugin {Plugin} from {File} failed to load and is left out of the catalogue: {Error}")]
    private partial void LogPluginFailed(Exception? exception, string plugin, string file, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plugin {Plugin} ships its own {Assembly}.dll; it is ignored and the host's copy is used. Reference it with Private=\"false\" or ExcludeAssets=\"runtime\".")]
    private partial void LogPrivateSharedAssembly(string plugin, string assembly);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Response {Response} of plugin {Plugin} may follow {Predecessor}, which no loaded plugin registers.")]
    private partial void LogUnknownPredecessor(string response, string plugin, string predecessor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Loaded} of {Total} plugins from {Directory}.")]
    private partial void LogCatalogLoaded(int loaded, int total, string directory);
}
