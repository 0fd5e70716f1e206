namespace Workflow.Engine.Grains;

/// <summary>Ties a grain interface to its implementation and to the type name stored in grain ids.</summary>
public sealed record GrainTypeRegistration(string GrainType, Type InterfaceType, Type ImplementationType);

/// <summary>The grain types this runtime can activate.</summary>
public sealed class GrainTypeRegistry
{
    private readonly Dictionary<Type, GrainTypeRegistration> _byInterface = [];
    private readonly Dictionary<string, GrainTypeRegistration> _byName = new(StringComparer.Ordinal);

    /// <summary>Registers <typeparamref name="TImplementation"/> as the grain behind <typeparamref name="TInterface"/>.</summary>
    public GrainTypeRegistry Add<TInterface, TImplementation>(string grainType)
        where TInterface : class, IGrain
        where TImplementation : Grain, TInterface
    {
        if (!typeof(TInterface).IsInterface)
            throw new ArgumentException($"{typeof(TInterface)} is not an interface.");
        if (_byName.ContainsKey(grainType) || _byInterface.ContainsKey(typeof(TInterface)))
            throw new InvalidOperationException($"Grain type '{grainType}' or interface {typeof(TInterface)} is already registered.");
        var registration = new GrainTypeRegistration(grainType, typeof(TInterface), typeof(TImplementation));
        _byInterface.Add(typeof(TInterface), registration);
        _byName.Add(grainType, registration);
        return this;
    }

    internal GrainTypeRegistration ForInterface(Type interfaceType) =>
        _byInterface.TryGetValue(interfaceType, out var registration)
            ? registration
            : throw new InvalidOperationException($"No grain is registered for {interfaceType}.");

    internal GrainTypeRegistration? ForName(string grainType) => _byName.GetValueOrDefault(grainType);
}
