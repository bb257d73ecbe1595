using System.Reflection;
using FluentValidation;
using MediatR;
using Market.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Infrastructure;

/// <summary>A request that changes state: runs inside one database transaction (see <see cref="TransactionBehavior{TRequest,TResponse}"/>).</summary>
public interface ICommand<out TResponse> : IRequest<TResponse>;

/// <summary>
/// A command whose handler writes everything in one SQL statement, which PostgreSQL commits atomically on its own: no
/// transaction is opened around it, so row locks last the statement, not the handler's round trips (ADR 0047).
/// </summary>
public interface ISelfCommittingCommand;

public static class MediatorRegistration
{
    /// <summary>
    /// MediatR 5.1.0 ships no DI extension (ADR 0001): handlers and validators are found by scanning this
    /// assembly, behaviours are registered in the order they wrap the handler.
    /// </summary>
    public static IServiceCollection AddMarketMediator(this IServiceCollection services, Assembly assembly)
    {
        services.AddScoped<ServiceFactory>(provider => provider.GetService!);
        services.AddScoped<IMediator, MediatR.Mediator>();

        foreach (var type in assembly.GetTypes().Where(t => t is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType))
            {
                var definition = contract.GetGenericTypeDefinition();
                if (definition == typeof(IRequestHandler<,>) || definition == typeof(INotificationHandler<>) || definition == typeof(IValidator<>))
                {
                    services.AddScoped(contract, type);
                }
            }
        }

        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(TransactionBehavior<,>));
        return services;
    }
}

/// <summary>Runs every FluentValidation validator of the request before its handler; failures become one 400.</summary>
public sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(new ValidationContext<TRequest>(request), cancellationToken);
            failures.AddRange(result.Errors);
        }

        if (failures.Count > 0)
        {
            throw new ValidationException(failures);
        }

        return await next();
    }
}

/// <summary>Wraps a command in one transaction so that everything it saves commits together or not at all.</summary>
public sealed class TransactionBehavior<TRequest, TResponse>(MarketDbContext db) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is not ICommand<TResponse> || request is ISelfCommittingCommand || db.Database.CurrentTransaction is not null)
        {
            return await next();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var response = await next();
        await transaction.CommitAsync(cancellationToken);
        return response;
    }
}
