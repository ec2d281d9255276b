using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>What a user reads after a run: every process's CPU, memory and connection samples, the servers' own counts, one trace per chord.</summary>
[Collection(WholeLabCollection.Name)]
public sealed class MonitoringTests(LabExperiment experiment) : IClassFixture<LabExperiment>
{
    private const string TaskQueue = "Waitinator.TaskQueue";
    private static readonly string[] Services = ["api", "worker", "producer", "monitor"];

    [Fact]
    public void Every_process_exports_cpu_memory_and_connection_samples()
    {
        var telemetry = experiment.Telemetry;
        foreach (var service in Services)
        {
            var pids = telemetry.Metrics.Where(m => m.Service == service).Select(m => m.Pid).Distinct().ToList();
            Assert.True(pids.Count > 0, $"No metric samples from {service}.");
            foreach (var pid in pids)
            {
                // A share of all cores: never above 1, and above 0 once the process has worked for a second.
                var cpu = telemetry.Of(pid, "process.cpu.utilization").ToList();
                Assert.All(cpu, s => Assert.InRange(s.Value, 0, 1));
                Assert.Contains(cpu, s => s.Value > 0);
                Assert.Contains(telemetry.Of(pid, "process.memory.usage"), s => s.Value > 10_000_000);
            }
        }

        foreach (var service in new[] { "worker", "producer" })
        {
            var pid = telemetry.Metrics.First(m => m.Service == service).Pid;
            Assert.Contains(telemetry.Of(pid, "waitinator.broker.connections"), s => s.Value == 1);
            Assert.Contains(telemetry.Of(pid, "waitinator.redis.connections"), s => s.Value >= 1);
        }
    }

    [Fact]
    public void The_servers_count_the_connections_each_process_reports()
    {
        var telemetry = experiment.Telemetry;
        var (from, to) = experiment.Steady;
        var monitor = telemetry.Metrics.First(m => m.Service == "monitor").Pid;
        foreach (var service in new[] { "worker", "producer" })
        {
            var pid = telemetry.Metrics.First(m => m.Service == service).Pid;
            foreach (var (server, own) in new[] { ("rabbitmq", "waitinator.broker.connections"), ("redis", "waitinator.redis.connections") })
            {
                var seenByServer = telemetry.Of(monitor, "waitinator.server.connections")
                    .Where(s => s.Attribute("server.type") == server && s.Attribute("waitinator.client") == $"{service}-{pid}")
                    .Where(s => s.Timestamp >= from && s.Timestamp <= to)
                    .ToList();
                Assert.True(seenByServer.Count > 0, $"{server} never listed {service}-{pid} as a client while the run was steady.");
                // While the run is steady the process's own count and the server's agree.
                var ownCount = telemetry.Of(pid, own).Where(s => s.Timestamp >= from && s.Timestamp <= to).ToList();
                Assert.NotEmpty(ownCount);
                Assert.Equal(ownCount.Max(s => s.Value), seenByServer.Max(s => s.Value));
            }
        }
    }

    [Fact]
    public void An_async_worker_at_concurrency_100_holds_one_broker_connection_and_two_redis_connections()
    {
        var telemetry = experiment.Telemetry;
        var (from, to) = experiment.Steady;
        Assert.Equal([$"async {LabExperiment.WorkerConcurrency}"], experiment.Report.Pools);
        var worker = telemetry.Metrics.First(m => m.Service == "worker").Pid;
        var monitor = telemetry.Metrics.First(m => m.Service == "monitor").Pid;

        bool Steady(MetricSample s) => s.Timestamp >= from && s.Timestamp <= to;
        var broker = telemetry.Of(worker, "waitinator.broker.connections").Where(Steady).ToList();
        var redis = telemetry.Of(worker, "waitinator.redis.connections").Where(Steady).ToList();
        Assert.NotEmpty(broker);
        Assert.NotEmpty(redis);
        Assert.All(broker, s => Assert.Equal(1, s.Value));
        Assert.All(redis, s => Assert.Equal(2, s.Value));
        var server = telemetry.Of(monitor, "waitinator.server.connections")
            .Where(s => Steady(s) && s.Attribute("waitinator.client") == $"worker-{worker}").ToList();
        Assert.Equal(1, server.Where(s => s.Attribute("server.type") == "rabbitmq").Max(s => s.Value));
        Assert.Equal(2, server.Where(s => s.Attribute("server.type") == "redis").Max(s => s.Value));
    }

    [Fact]
    public void Each_chord_is_one_trace_from_its_publish_through_the_api_to_its_callback()
    {
        var spans = experiment.Telemetry.Spans;
        var chords = spans.Where(s => s.Name == "submit chord").ToList();
        Assert.Equal(experiment.Report.Chords.Count, chords.Count);
        Assert.Equal(chords.Count, chords.Select(c => c.TraceId).Distinct().Count());

        foreach (var chord in chords)
        {
            var trace = spans.Where(s => s.TraceId == chord.TraceId).ToList();
            var size = int.Parse(chord.Attributes["waitinator.chord.size"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            // RabbitMQ.Client adds its own publish and deliver spans beneath the lab's; count the lab's.
            Assert.Equal(size, trace.Count(s => s is { Service: "producer", Name: "publish waitinate", Source: TaskQueue }));
            Assert.Equal(size, trace.Count(s => s is { Service: "worker", Name: "process waitinate", Source: TaskQueue }));
            Assert.Equal(size, trace.Count(s => s is { Service: "api", Kind: "server" } && s.Name.Contains("/waitinate", StringComparison.Ordinal)));
            Assert.Equal(size, trace.Count(s => s is { Service: "api", Name: "INSERT requests" }));
            Assert.Equal(size, trace.Count(s => s is { Service: "worker", Kind: "client" } && s.Source == "System.Net.Http"));
            Assert.Equal(size, trace.Count(s => s is { Service: "worker", Name: "INSERT waitinate_tasks" }));
            Assert.Equal(size + 1, trace.Count(s => s is { Service: "worker", Name: "store result" }));
            Assert.Single(trace, s => s is { Service: "worker", Name: "publish summarize", Source: TaskQueue });
            Assert.Single(trace, s => s is { Service: "worker", Name: "process summarize", Source: TaskQueue });
            Assert.Single(trace, s => s is { Service: "worker", Name: "INSERT summaries" });

            // Every span but the root has its parent in the same trace: nothing is orphaned across processes.
            var ids = trace.Select(s => (string?)s.SpanId).ToHashSet();
            Assert.All(trace.Where(s => s.SpanId != chord.SpanId), s => Assert.Contains(s.ParentSpanId, ids));
        }
    }
}
