using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Text.Json;
using Waitinator.Contracts.Settings;

namespace Waitinator.Api;

public static class WaitinateApiExtensions
{
    /// <summary>Options, the sleep picker and the SQLite request log; options are validated at start.</summary>
    public static IHostApplicationBuilder AddWaitinateApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiOptions>()
            .BindConfiguration(ApiOptions.SectionName)
            .ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SleepPicker>();
        builder.Services.AddSingleton<RequestLog>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RequestLog>());

        // Kestrel reads its endpoints from configuration but not its limits; the Api's HTTP/2 stream limit (appsettings)
        // lets one h2c connection carry every concurrent call of a worker process.
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel =>
            builder.Configuration.GetSection("Kestrel:Limits").Bind(kestrel.Limits));

        // The original webserver was Python; its clients read snake_case.
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        return builder;
    }

    /// <summary>GET /waitinate: sleep a random while without holding a thread, record the request, return the record.</summary>
    public static IEndpointRouteBuilder MapWaitinateApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/waitinate", async Task<IResult> (SleepPicker sleeps, RequestLog log, TimeProvider clock, CancellationToken aborted) =>
        {
            if (sleeps.NextFails())
            {
                return TypedResults.Problem("Injected failure (Api:FailureRate).", statusCode: StatusCodes.Status500InternalServerError);
            }

            var startedAt = clock.GetUtcNow();
            var sleep = sleeps.Next();
            var slept = await MinimumDelay.WaitAsync(sleep, clock, aborted);
            var record = new WaitinateRecord(
                Guid.CreateVersion7(startedAt),
                sleep.TotalSeconds,
                slept.TotalSeconds,
                startedAt,
                clock.GetUtcNow());
            await log.RecordAsync(record);
            return TypedResults.Ok(record);
        })
        .WithName("Waitinate");
        return endpoints;
    }
}
