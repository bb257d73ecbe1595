using System.Text.Encodings.Web;
using System.Text.Unicode;
using Market.Web.Api;
using Market.Web.Auth;
using Market.Web.Localization;
using Market.Web.Resources;
using Market.Web.TeamRoom;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;

namespace Market.Web.Hosting;

public static class WebServiceCollectionExtensions
{
    public const string ApplicationName = "FurusatoMarket.Web";
    public const string AuthCookieName = ".FurusatoMarket.Session";
    public const string KeyRingConnectionStringName = "KeyRing";

    public static IServiceCollection AddMarketWeb(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();

        // Japanese text as-is rather than as &#x..; references, which triple the page weight on slow rural lines.
        services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

        services.Configure<MarketWebOptions>(configuration.GetSection(MarketWebOptions.SectionName));
        AddDataProtection(services, environment);
        AddApiClients(services, configuration);
        services.AddTeamRoomWeb();
        AddAuthentication(services);
        services.AddMarketSessions(configuration, environment);
        AddLocalization(services);

        services.AddSingleton<PendingSignInProtector>();
        services.AddScoped<SignInService>();
        services.AddScoped<ProblemLocalizer>();
        services.AddHealthChecks();

        services.AddRazorPages(options =>
            {
                options.Conventions.AuthorizeFolder("/");
                options.Conventions.AllowAnonymousToPage("/Index");
                options.Conventions.AllowAnonymousToPage("/Error");
                options.Conventions.AllowAnonymousToPage("/Culture");
                options.Conventions.AllowAnonymousToPage("/Account/SignIn");
                options.Conventions.AllowAnonymousToPage("/Account/SignOut");
                options.Conventions.AllowAnonymousToPage("/Account/AccessDenied");
                foreach (var portal in Portal.All)
                {
                    options.Conventions.AuthorizeFolder(portal.PageFolder, portal.Policy);
                }
            })
            .AddMvcOptions(options => options.Filters.Add<SessionExpiredPageFilter>())
            .AddViewOptions(options => options.HtmlHelperOptions.ClientValidationEnabled = false)
            .AddDataAnnotationsLocalization(options =>
                options.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        services.Configure<RouteOptions>(options => options.LowercaseUrls = true);
        return services;
    }

    private static void AddDataProtection(IServiceCollection services, IHostEnvironment environment)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);

        // The key ring lives in PostgreSQL when ConnectionStrings:KeyRing is set (every instance shares it, ADR 0028);
        // otherwise in a directory, which several instances must share. Resolved lazily so the settings can come from
        // any configuration source, including test hosts.
        services.AddSingleton(provider => new DatabaseKeyRing(
            provider.GetRequiredService<IConfiguration>().GetConnectionString(KeyRingConnectionStringName)!));
        services.AddOptions<KeyManagementOptions>()
            .Configure<IServiceProvider, IOptions<MarketWebOptions>, ILoggerFactory>((options, provider, webOptions, loggerFactory) =>
            {
                if (provider.GetRequiredService<IConfiguration>().GetConnectionString(KeyRingConnectionStringName) is { Length: > 0 })
                {
                    options.XmlRepository = provider.GetRequiredService<DatabaseKeyRing>();
                    return;
                }

                var path = webOptions.Value.DataProtectionKeysPath is { Length: > 0 } configured
                    ? configured
                    : MarketWebOptions.DefaultKeysPath(environment);
                options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(path), loggerFactory);
            });
    }

    private static void AddApiClients(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MarketApiOptions>()
            .Bind(configuration.GetSection(MarketApiOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddTransient<AcceptLanguageHandler>();
        services.AddTransient<BearerTokenHandler>();
        // Stateless (per-request state lives in HttpContext.Items) because the handler that uses it is
        // built in IHttpClientFactory's own scope and reused across requests for the handler's lifetime.
        services.AddTransient<UserSessionTokens>();

        services.AddHttpClient<MarketAuthClient>(ConfigureApiClient)
            .AddHttpMessageHandler<AcceptLanguageHandler>();
        AddUserApiClient<MarketApiClient>(services, options => options.Timeout);
        AddUserApiClient<JobsApiClient>(services, options => options.LongTimeout);
        AddUserApiClient<AgentApiClient>(services, options => options.LongTimeout);
        AddUserApiClient<AgentReviewApiClient>(services, options => options.LongTimeout);
        AddUserApiClient<AgentPayoutsApiClient>(services, options => options.Timeout);
        AddUserApiClient<InvoicesApiClient>(services, options => options.Timeout);
        AddUserApiClient<OperatorApiClient>(services, options => options.Timeout);
        AddUserApiClient<WorkerApiClient>(services, options => options.Timeout);
        AddUserApiClient<CertificationsApiClient>(services, options => options.Timeout);
        // An upload lasts as long as the browser keeps sending; the browser going away cancels it.
        AddUserApiClient<FilesApiClient>(services, _ => Timeout.InfiniteTimeSpan);
    }

    private static void AddUserApiClient<TClient>(IServiceCollection services, Func<MarketApiOptions, TimeSpan> timeout)
        where TClient : class =>
        services.AddHttpClient<TClient>((provider, client) =>
            {
                ConfigureApiClient(provider, client);
                client.Timeout = timeout(provider.GetRequiredService<IOptions<MarketApiOptions>>().Value);
            })
            .AddHttpMessageHandler<AcceptLanguageHandler>()
            .AddHttpMessageHandler<BearerTokenHandler>();

    private static void ConfigureApiClient(IServiceProvider services, HttpClient client)
    {
        var options = services.GetRequiredService<IOptions<MarketApiOptions>>().Value;
        var baseUrl = options.BaseUrl.AbsoluteUri;
        client.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
        client.Timeout = options.Timeout;
    }

    private static void AddAuthentication(IServiceCollection services)
    {
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = AuthCookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.SlidingExpiration = true;
                options.LoginPath = "/account/signin";
                options.LogoutPath = "/account/signout";
                options.AccessDeniedPath = "/account/accessdenied";
                options.ReturnUrlParameter = "returnUrl";
            });

        services.AddAuthorization(options =>
        {
            foreach (var portal in Portal.All)
            {
                options.AddPolicy(portal.Policy, policy => policy.RequireRole(portal.Roles));
            }
        });
    }

    private static void AddLocalization(IServiceCollection services)
    {
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(MarketCultures.Japanese);
            options.SupportedCultures = [.. MarketCultures.Supported];
            options.SupportedUICultures = [.. MarketCultures.Supported];
            // Japanese unless the user asked otherwise: the browser's Accept-Language is deliberately not consulted.
            options.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
            ];
        });
    }
}
