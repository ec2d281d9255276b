using Waitinator.AppHost;

var builder = DistributedApplication.CreateBuilder(args);
var lab = builder.LoadLab();

var broker = builder.AddBroker(lab.Settings, lab.Mode, lab.Run);
var backend = builder.AddBackend(lab.Settings, lab.Mode, lab.Run);
var api = builder.AddWaitinateApi(lab.Run);
var worker = builder.AddWorker(lab, broker, backend, api);
var producer = builder.AddProducer(lab, broker, backend, worker);
builder.AddMonitor(broker, backend);
builder.ExportTelemetryFiles(lab);
builder.ReportWhenProducerFinishes(lab, producer);

builder.Build().Run();
