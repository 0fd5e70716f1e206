using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;

namespace Workflow.Engine.Reminders;

/// <summary>Registers <see cref="SqliteReminderTable"/> as the silo's reminder table.</summary>
public static class SqliteReminderServiceExtensions
{
    /// <summary>
    /// Keeps Orleans reminders in the engine's SQLite database. The silo's services must provide the engine's
    /// <see cref="Storage.IStorageProvider"/> (on SQLite) and <c>ClusterOptions.ServiceId</c>, which scopes the rows.
    /// </summary>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder builder)
    {
        builder.Services.UseSqliteReminderService();
        return builder;
    }

    /// <inheritdoc cref="UseSqliteReminderService(ISiloBuilder)"/>
    public static IServiceCollection UseSqliteReminderService(this IServiceCollection services)
    {
        // The same two registrations Orleans' own UseAdoNetReminderService makes.
        services.AddReminders();
        services.AddSingleton<IReminderTable, SqliteReminderTable>();
        return services;
    }
}
