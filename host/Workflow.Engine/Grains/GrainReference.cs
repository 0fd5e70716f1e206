using System.Collections.Concurrent;
using System.Reflection;

namespace Workflow.Engine.Grains;

/// <summary>
/// The object callers hold for a grain: a proxy of the grain interface (what Orleans generates at build time) that turns
/// each call into a message to the runtime.
/// </summary>
public class GrainReference : DispatchProxy
{
    private static readonly ConcurrentDictionary<MethodInfo, Func<GrainRuntime, GrainId, MethodInfo, object?[]?, object>> Dispatchers = new();
    private static readonly MethodInfo InvokeTypedMethod =
        typeof(GrainReference).GetMethod(nameof(InvokeTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    private GrainRuntime _runtime = null!;

    /// <summary>The grain this reference points to.</summary>
    public GrainId GrainId { get; private set; }

    internal static TGrainInterface Create<TGrainInterface>(GrainRuntime runtime, GrainId grainId) where TGrainInterface : class
    {
        var proxy = Create<TGrainInterface, GrainReference>();
        var reference = (GrainReference)(object)proxy;
        reference._runtime = runtime;
        reference.GrainId = grainId;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var dispatch = Dispatchers.GetOrAdd(targetMethod, BuildDispatcher);
        return dispatch(_runtime, GrainId, targetMethod, args);
    }

    private static Func<GrainRuntime, GrainId, MethodInfo, object?[]?, object> BuildDispatcher(MethodInfo method)
    {
        if (method.ReturnType == typeof(Task))
            return static (runtime, id, m, args) => runtime.InvokeAsync(id, async grain =>
            {
                await (Task)m.Invoke(grain, BindingFlags.DoNotWrapExceptions, null, args, null)!;
                return true;
            });

        if (method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var typed = InvokeTypedMethod.MakeGenericMethod(method.ReturnType.GetGenericArguments()[0]);
            return typed.CreateDelegate<Func<GrainRuntime, GrainId, MethodInfo, object?[]?, object>>();
        }

        throw new NotSupportedException($"Grain method {method.DeclaringType}.{method.Name} must return Task or Task<T>.");
    }

    private static object InvokeTyped<TResult>(GrainRuntime runtime, GrainId id, MethodInfo method, object?[]? args) =>
        runtime.InvokeAsync(id, grain => (Task<TResult>)method.Invoke(grain, BindingFlags.DoNotWrapExceptions, null, args, null)!);
}
