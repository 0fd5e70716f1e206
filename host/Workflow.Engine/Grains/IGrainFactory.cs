namespace Workflow.Engine.Grains;

/// <summary>Hands out references to grains. A reference is cheap; the grain is activated by the first call through it.</summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain of interface <typeparamref name="TGrainInterface"/> with this tenant and key.</summary>
    TGrainInterface GetGrain<TGrainInterface>(string tenantId, string key) where TGrainInterface : class, IGrain;
}
