using Waitinator.Api;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddWaitinateApi();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapWaitinateApi();
app.RunWithCheckedSettings();
