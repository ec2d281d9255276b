namespace Waitinator.FaultCampaign.Faults;

/// <summary>The faults the nemesis injects, by the names the report counts them under.</summary>
public static class FaultKind
{
    public const string WorkerKill = "worker-kill";
    public const string WorkerTerm = "worker-term";
    public const string ChildKill = "child-kill";
    public const string RabbitKill = "rabbitmq-kill";
    public const string RabbitTerm = "rabbitmq-restart";
    public const string RedisKill = "redis-kill";
    public const string RedisTerm = "redis-restart";
    public const string ApiFail = "api-fail";
    public const string ApiSlow = "api-slow";
    public const string ApiRefuse = "api-refuse";
    public const string ProducerKill = "producer-kill";
    public const string Poison = "poison";

    /// <summary>Faults of the processes and servers: injected one after another, each healed before the next.</summary>
    public static readonly IReadOnlyList<string> Infrastructure = [WorkerKill, WorkerTerm, ChildKill, RabbitKill, RabbitTerm, RedisKill, RedisTerm];

    /// <summary>Faults of the Api and the clients: injected one after another too, at the same time as the others.</summary>
    public static readonly IReadOnlyList<string> Clients = [ApiFail, ApiSlow, ApiRefuse, ProducerKill, Poison];

    public static readonly IReadOnlyList<string> All = [.. Infrastructure, .. Clients];
}
