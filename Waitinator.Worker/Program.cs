using Waitinator.Worker;

var builder = Host.CreateApplicationBuilder(args);
builder.AddServiceDefaults();
builder.AddWorker();

builder.Build().RunWithCheckedSettings();
