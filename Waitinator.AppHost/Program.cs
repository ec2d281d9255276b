using Waitinator.AppHost;

var builder = DistributedApplication.CreateBuilder(args);
var lab = builder.LoadLab();

var broker = builder.AddBroker(lab.Settings, lab.Mode, lab.Run);
var backend = builder.AddBackend(lab.Settings, lab.Mode, lab.Run);
var api = builder.AddWaitinateApi(lab.Run);
var worker = builder.AddWorker(lab.Settings, broker, backend, api);
builder.AddProducer(broker, backend, worker);

builder.Build().Run();
