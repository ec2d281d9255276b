using Waitinator.Monitor;

var builder = Host.CreateApplicationBuilder(args);
builder.AddServiceDefaults();
builder.AddServerMonitor();

builder.Build().RunWithCheckedSettings();
