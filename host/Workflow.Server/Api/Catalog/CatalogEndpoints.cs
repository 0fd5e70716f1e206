using Microsoft.AspNetCore.Http.HttpResults;
using Workflow.Abstractions;
using Workflow.Engine.Plugins;

namespace Workflow.Server.Api.Catalog;

/// <summary>
/// What the loaded plugins offer: the plugins themselves, record types, events and responses. Their templates, which a
/// tenant may remove from its library, are listed by <see cref="Workflows.TemplateEndpoints"/>.
/// </summary>
public static class CatalogEndpoints
{
    public sealed record PluginResponse(string Name, string? Version, string File, PluginStatus Status, string? Error,
        IReadOnlyList<string> RecordTypes, IReadOnlyList<string> Events, IReadOnlyList<string> Responses, IReadOnlyList<string> Templates);
    public sealed record RecordTypeResponse(string Code, string Description, string Plugin, IEnumerable<RecordFieldResponse> Fields);
    public sealed record RecordFieldResponse(string Name, RecordFieldType Type, IReadOnlyList<string> OptionValues);
    public sealed record EventResponse(string Code, string Description, string? RecordType, bool UsedForRecordChange, string Plugin);
    public sealed record ResponseTypeResponse(string Code, string Description, string? RecordType, string Plugin,
        IEnumerable<ResponseOptionResponse> Options, IReadOnlyList<string> AllowedPredecessors, bool FollowsRecordChangeEvents);
    public sealed record ResponseOptionResponse(string Name, ResponseOptionType Type, bool Required, string? Description,
        IReadOnlyList<string> AllowedValues, string? DefaultValue);

    public static void MapCatalogEndpoints(this IEndpointRouteBuilder api)
    {
        var catalog = api.MapGroup("").WithTags("Catalog");
        catalog.MapGet("/plugins", ListPlugins);
        catalog.MapGet("/record-types", ListRecordTypes);
        catalog.MapGet("/events", ListEvents);
        catalog.MapGet("/responses", ListResponses);
    }

    private static Ok<IEnumerable<PluginResponse>> ListPlugins(WorkflowCatalog catalog) =>
        TypedResults.Ok(catalog.Plugins.Select(p =>
            new PluginResponse(p.Name, p.Version, p.File, p.Status, p.Error, p.RecordTypes, p.Events, p.Responses, p.Templates)));

    private static Ok<IEnumerable<RecordTypeResponse>> ListRecordTypes(WorkflowCatalog catalog) =>
        TypedResults.Ok(catalog.RecordTypes.Select(r => new RecordTypeResponse(
            r.Code, r.Definition.Description, r.PluginName,
            r.Definition.Fields.Select(f => new RecordFieldResponse(f.Name, f.Type, f.OptionValues)))));

    private static Ok<IEnumerable<EventResponse>> ListEvents(WorkflowCatalog catalog) =>
        TypedResults.Ok(catalog.Events.Select(e => new EventResponse(
            e.Code, e.Definition.Description, e.Definition.RecordType, e.Definition.UsedForRecordChange, e.PluginName)));

    private static Ok<IEnumerable<ResponseTypeResponse>> ListResponses(WorkflowCatalog catalog) =>
        TypedResults.Ok(catalog.Responses.Select(r => new ResponseTypeResponse(
            r.Code, r.Definition.Description, r.Definition.RecordType, r.PluginName,
            r.Definition.Options.Options.Select(o => new ResponseOptionResponse(o.Name, o.Type, o.Required, o.Description, o.AllowedValues, o.DefaultValue)),
            r.Definition.AllowedPredecessors, r.Definition.FollowsRecordChangeEvents)));
}
