using System.Collections.Concurrent;
using System.Reflection;
using Market.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Infrastructure;

/// <summary>
/// Reacts to a domain event inside the unit of work that raised it, before anything is written: what the handler
/// adds to the same <see cref="Persistence.MarketDbContext"/> commits with the change or not at all (ADR 0010).
/// Handlers must not call <c>SaveChangesAsync</c> themselves.
/// </summary>
public interface IDomainEventHandler<in TEvent>
    where TEvent : IDomainEvent
{
    Task HandleAsync(TEvent domainEvent, CancellationToken cancellationToken);
}

public static class DomainEventRegistration
{
    /// <summary>Every <see cref="IDomainEventHandler{TEvent}"/> of the assembly, scoped like MediatR's handlers.</summary>
    public static IServiceCollection AddDomainEventHandlers(this IServiceCollection services, Assembly assembly)
    {
        foreach (var type in assembly.GetTypes().Where(t => t is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDomainEventHandler<>)))
            {
                services.AddScoped(contract, type);
            }
        }

        return services;
    }
}

/// <summary>
/// Pre-commit, in-process dispatch: takes the events of every tracked aggregate, clears them, runs their handlers,
/// and repeats while handlers raised new events (at most <see cref="MaxRounds"/> times, so a cycle fails loudly).
/// Events of aggregates the context does not track are not seen: raise them on tracked aggregates.
/// </summary>
public static class DomainEventDispatcher
{
    public const int MaxRounds = 10;

    private static readonly ConcurrentDictionary<Type, IInvoker> Invokers = new();

    public static async Task DispatchAsync(DbContext db, IServiceProvider services, CancellationToken cancellationToken)
    {
        for (var round = 0; ; round++)
        {
            var events = TakeEvents(db);
            if (events.Count == 0)
            {
                return;
            }

            if (round == MaxRounds)
            {
                throw new InvalidOperationException(
                    $"Domain events still raised after {MaxRounds} rounds ({string.Join(", ", events.Select(e => e.GetType().Name).Distinct())}): a handler cycle?");
            }

            foreach (var domainEvent in events)
            {
                var invoker = Invokers.GetOrAdd(domainEvent.GetType(), type => (IInvoker)Activator.CreateInstance(typeof(Invoker<>).MakeGenericType(type))!);
                await invoker.InvokeAsync(services, domainEvent, cancellationToken);
            }
        }
    }

    /// <summary>Whether any tracked aggregate holds events (the synchronous SaveChanges refuses to drop them).</summary>
    public static bool HasPendingEvents(DbContext db) =>
        db.ChangeTracker.Entries<AggregateRoot>().Any(e => e.Entity.DomainEvents.Count > 0);

    private static List<IDomainEvent> TakeEvents(DbContext db)
    {
        var events = new List<IDomainEvent>();
        foreach (var entry in db.ChangeTracker.Entries<AggregateRoot>().ToList())
        {
            if (entry.Entity.DomainEvents.Count == 0)
            {
                continue;
            }

            events.AddRange(entry.Entity.DomainEvents);
            entry.Entity.ClearDomainEvents();
        }

        return events;
    }

    private interface IInvoker
    {
        Task InvokeAsync(IServiceProvider services, IDomainEvent domainEvent, CancellationToken cancellationToken);
    }

    private sealed class Invoker<TEvent> : IInvoker
        where TEvent : IDomainEvent
    {
        public async Task InvokeAsync(IServiceProvider services, IDomainEvent domainEvent, CancellationToken cancellationToken)
        {
            foreach (var handler in services.GetServices<IDomainEventHandler<TEvent>>())
            {
                await handler.HandleAsync((TEvent)domainEvent, cancellationToken);
            }
        }
    }
}
