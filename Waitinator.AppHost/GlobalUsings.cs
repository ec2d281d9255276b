global using Microsoft.Extensions.Configuration;
global using Microsoft.Extensions.DependencyInjection;
global using Waitinator.AppHost.Infrastructure;
global using Waitinator.AppHost.Settings;
