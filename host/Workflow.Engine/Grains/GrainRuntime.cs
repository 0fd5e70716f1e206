using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Workflow.Engine.Grains;

/// <summary>
/// The grain runtime of one host node, following Orleans' grain model: a call to a grain that has no activation creates
/// one (loading its state); an activation runs one call at a time; a call whose state write hits a version conflict is run
/// again on a fresh activation; idle activations are collected and their number is bounded; due reminders are delivered.
/// Several nodes may run against one database: the versioned state and the leased reminders keep them safe, without any
/// messaging between nodes.
/// </summary>
public sealed class GrainRuntime : IGrainFactory, IAsyncDisposable
{
    // One meter per runtime, disposed with it, so its instruments never outlive the runtime they observe.
    private readonly Meter _meter = new("Workflow.Grains");

    // Many lock stripes: activations come and go on every request. Its Count takes every stripe, so the size is counted apart.
    private readonly ConcurrentDictionary<GrainId, GrainActivation> _directory = new(concurrencyLevel: 64, capacity: 1024);
    private int _directorySize;
    private readonly GrainTypeRegistry _types;
    private readonly IGrainStorage _storage;
    private readonly IServiceProvider _services;
    private readonly GrainRuntimeOptions _options;
    private readonly ILogger<GrainRuntime> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private Task? _stopped;
    private int _evicting;
    private long _activations, _deactivations, _conflictRetries, _remindersDelivered, _statesCompacted;

    public GrainRuntime(
        GrainTypeRegistry types,
        IGrainStorage storage,
        ReminderTable reminders,
        IServiceProvider services,
        GrainRuntimeOptions options,
        TimeProvider clock,
        ILogger<GrainRuntime> logger)
    {
        _types = types;
        _storage = storage;
        Reminders = reminders;
        _services = services;
        _options = options;
        Clock = clock;
        _logger = logger;
        _meter.CreateObservableUpDownCounter("workflow.grains.activations", () => Volatile.Read(ref _directorySize), description: "Active grain activations on this node");
        _meter.CreateObservableCounter("workflow.grains.activations.created", () => Interlocked.Read(ref _activations));
        _meter.CreateObservableCounter("workflow.grains.activations.collected", () => Interlocked.Read(ref _deactivations));
        _meter.CreateObservableCounter("workflow.grains.conflict_retries", () => Interlocked.Read(ref _conflictRetries));
        _meter.CreateObservableCounter("workflow.grains.reminders.delivered", () => Interlocked.Read(ref _remindersDelivered));
    }

    public TimeProvider Clock { get; }

    public ReminderTable Reminders { get; }

    /// <summary>What the runtime holds and has done since it started.</summary>
    public GrainRuntimeStatistics Statistics => new(
        _options.NodeId,
        Volatile.Read(ref _directorySize),
        _options.MaxActivations,
        Interlocked.Read(ref _activations),
        Interlocked.Read(ref _deactivations),
        Interlocked.Read(ref _conflictRetries),
        Interlocked.Read(ref _remindersDelivered),
        Interlocked.Read(ref _statesCompacted));

    /// <summary>Starts collecting idle activations and delivering reminders.</summary>
    public void Start()
    {
        _loops.Add(RunPeriodicallyAsync(_options.CollectionQuantum, CollectIdleActivationsAsync));
        _loops.Add(RunPeriodicallyAsync(_options.ReminderPollInterval, DeliverDueRemindersAsync));
    }

    /// <summary>Stops the loops and deactivates every activation, letting calls in progress finish. Safe to call more than once.</summary>
    public Task StopAsync()
    {
        lock (_loops)
            return _stopped ??= StopCoreAsync();
    }

    private async Task StopCoreAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_loops);
        foreach (var activation in _directory.Values)
            await DeactivateAsync(activation, DeactivationReason.ShuttingDown, waitForTurn: true);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _meter.Dispose();
        _stopping.Dispose();
    }

    public TGrainInterface GetGrain<TGrainInterface>(string tenantId, string key) where TGrainInterface : class, IGrain
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(key);
        var type = _types.ForInterface(typeof(TGrainInterface));
        return GrainReference.Create<TGrainInterface>(this, new GrainId(tenantId, type.GrainType, key));
    }

    /// <summary>Runs <paramref name="call"/> in a turn of the grain's activation, activating it if needed.</summary>
    internal async Task<TResult> InvokeAsync<TResult>(GrainId grainId, Func<Grain, Task<TResult>> call)
    {
        var type = _types.ForName(grainId.GrainType)
            ?? throw new InvalidOperationException($"No grain type '{grainId.GrainType}' is registered on this node.");

        for (var attempt = 0; ; attempt++)
        {
            var activation = GetOrAddActivation(grainId, type, out var created);
            if (created && Volatile.Read(ref _directorySize) > _options.MaxActivations)
                await EvictLeastRecentlyUsedAsync();
            activation.Enter();
            var conflicted = false;
            await activation.TurnLock.WaitAsync();
            try
            {
                if (activation.Status == ActivationStatus.Deactivated)
                    continue; // collected while this call waited: find or make the next activation

                if (activation.Status == ActivationStatus.Created)
                    await ActivateAsync(activation);

                activation.Touch(Clock.GetUtcNow());
                try
                {
                    return await call(activation.Instance!);
                }
                catch (InconsistentStateException) when (attempt < _options.MaxConflictRetries)
                {
                    // Another activation wrote first. This one's state is stale: drop it and run the call again on fresh state.
                    conflicted = true;
                    Interlocked.Increment(ref _conflictRetries);
                    Remove(activation);
                }
                finally
                {
                    if (activation is { DeactivateOnIdleRequested: true, Status: ActivationStatus.Valid })
                        await DeactivateInTurnAsync(activation, DeactivationReason.ApplicationRequested);
                }
            }
            finally
            {
                activation.Leave();
                activation.TurnLock.Release();
            }

            if (conflicted)
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 2 + Math.Min(attempt, 20))));
        }
    }

    private GrainActivation GetOrAddActivation(GrainId grainId, GrainTypeRegistration type, out bool created)
    {
        created = false;
        if (_directory.TryGetValue(grainId, out var existing))
            return existing;
        var candidate = new GrainActivation(grainId, type);
        var activation = _directory.GetOrAdd(grainId, candidate);
        created = ReferenceEquals(activation, candidate);
        if (created)
            Interlocked.Increment(ref _directorySize);
        return activation;
    }

    private async Task ActivateAsync(GrainActivation activation)
    {
        try
        {
            var grain = (Grain)ActivatorUtilities.CreateInstance(_services, activation.Type.ImplementationType);
            grain.Attach(activation, this);
            (grain as IStatefulGrain)?.AttachStorage(_storage);
            activation.Instance = grain;
            await grain.LoadStateAsync(_stopping.Token);
            await grain.OnActivateAsync(_stopping.Token);
            activation.Status = ActivationStatus.Valid;
            Interlocked.Increment(ref _activations);
        }
        catch
        {
            Remove(activation);
            throw;
        }
    }

    private void Remove(GrainActivation activation)
    {
        activation.Status = ActivationStatus.Deactivated;
        if (_directory.TryRemove(new KeyValuePair<GrainId, GrainActivation>(activation.Id, activation)))
            Interlocked.Decrement(ref _directorySize);
    }

    /// <summary>Deactivates activations idle for longer than the collection age. Runs every collection quantum.</summary>
    public async Task CollectIdleActivationsAsync()
    {
        var cutoff = Clock.GetUtcNow().Add(-_options.CollectionAge).ToUnixTimeMilliseconds();
        foreach (var activation in _directory.Values)
            if (activation.LastActiveMs <= cutoff && activation.PendingCalls == 0)
                await DeactivateAsync(activation, DeactivationReason.IdleTimeout, waitForTurn: false);

        if (_options.StateCompactionAge == Timeout.InfiniteTimeSpan)
            return;
        var compactBefore = Clock.GetUtcNow().Add(-_options.StateCompactionAge).ToUnixTimeMilliseconds();
        foreach (var activation in _directory.Values)
            if (activation.LastActiveMs <= compactBefore && activation.PendingCalls == 0 && activation.Instance is IStatefulGrain)
                CompactState(activation);
    }

    // In the activation's turn, so no call sees the state while it is packed; a busy activation is skipped.
    private void CompactState(GrainActivation activation)
    {
        if (!activation.TurnLock.Wait(0))
            return;
        try
        {
            if (activation.Status == ActivationStatus.Valid && activation.Instance is IStatefulGrain grain && grain.CompactState())
                Interlocked.Increment(ref _statesCompacted);
        }
        finally
        {
            activation.TurnLock.Release();
        }
    }

    private async Task EvictLeastRecentlyUsedAsync()
    {
        if (Interlocked.Exchange(ref _evicting, 1) == 1)
            return;
        try
        {
            // Evict down to 90% so the next few activations do not each trigger a scan.
            var excess = Volatile.Read(ref _directorySize) - (int)(_options.MaxActivations * 0.9);
            if (excess <= 0)
                return;
            var victims = _directory.Values
                .Where(a => a.PendingCalls == 0 && a.Status == ActivationStatus.Valid)
                .OrderBy(a => a.LastActiveMs)
                .Take(excess)
                .ToList();
            foreach (var activation in victims)
                await DeactivateAsync(activation, DeactivationReason.ActivationLimit, waitForTurn: false);
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "Evicting activations failed");
        }
        finally
        {
            Volatile.Write(ref _evicting, 0);
        }
    }

    private async Task DeactivateAsync(GrainActivation activation, DeactivationReason reason, bool waitForTurn)
    {
        if (waitForTurn)
            await activation.TurnLock.WaitAsync();
        else if (!await activation.TurnLock.WaitAsync(0))
            return; // busy: not idle after all
        try
        {
            if (activation.Status == ActivationStatus.Deactivated || (!waitForTurn && activation.PendingCalls > 0))
                return;
            await DeactivateInTurnAsync(activation, reason);
        }
        finally
        {
            activation.TurnLock.Release();
        }
    }

    private async Task DeactivateInTurnAsync(GrainActivation activation, DeactivationReason reason)
    {
        var wasValid = activation.Status == ActivationStatus.Valid;
        Remove(activation);
        if (!wasValid)
            return;
        Interlocked.Increment(ref _deactivations);
        try
        {
            await activation.Instance!.OnDeactivateAsync(reason, CancellationToken.None);
        }
        catch (Exception exception)
        {
            _logger.LogWarning(exception, "OnDeactivateAsync of {GrainId} failed", activation.Id);
        }
    }

    /// <summary>Delivers the reminders due now that no other node is delivering. Runs every reminder poll interval.</summary>
    public async Task DeliverDueRemindersAsync()
    {
        var now = Clock.GetUtcNow();
        var due = await Reminders.ReadDueAsync(now, limit: 500, _stopping.Token);
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = _stopping.Token },
            async (reminder, cancellationToken) =>
            {
                if (!await Reminders.TryLeaseAsync(reminder, _options.NodeId, now, now + _options.ReminderLease, cancellationToken))
                    return;
                try
                {
                    await InvokeAsync(reminder.GrainId, async grain =>
                    {
                        if (grain is not IRemindable remindable)
                            throw new InvalidOperationException($"Grain {reminder.GrainId} has a reminder but does not implement {nameof(IRemindable)}.");
                        await remindable.ReceiveReminder(reminder.Name, new ReminderTick(reminder.DueAt, Clock.GetUtcNow()));
                        return true;
                    });
                    await Reminders.CompleteAsync(reminder, cancellationToken);
                    Interlocked.Increment(ref _remindersDelivered);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    _logger.LogError(exception, "Reminder {Reminder} of {GrainId} failed; it will be tried again", reminder.Name, reminder.GrainId);
                    await Reminders.DeferAsync(reminder, Clock.GetUtcNow() + _options.ReminderRetryDelay, cancellationToken);
                }
            });
    }

    private async Task RunPeriodicallyAsync(TimeSpan period, Func<Task> work)
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period, Clock, _stopping.Token);
                await work();
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                _logger.LogError(exception, "Grain runtime background work failed; it runs again next period");
            }
        }
    }
}

/// <summary>Counts of one node's grain runtime.</summary>
public sealed record GrainRuntimeStatistics(
    string NodeId,
    int ActiveActivations,
    int MaxActivations,
    long ActivationsCreated,
    long ActivationsCollected,
    long ConflictRetries,
    long RemindersDelivered,
    long StatesCompacted);
