using Waitinator.Producer;

var builder = Host.CreateApplicationBuilder(args);
builder.AddServiceDefaults();
builder.AddProducer();

builder.Build().RunWithCheckedSettings();
