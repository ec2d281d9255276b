namespace Waitinator.AppHost.Infrastructure.Redis;

/// <summary>The backend's server settings that do not depend on how it runs: the same lines for a local redis-server and a container.</summary>
public static class RedisServerSettings
{
    /// <summary>
    /// Chord state must survive a restart of Redis: an append-only file, flushed every second, and no snapshots.
    /// maxclients: Celery's gevent and eventlet pools open a Redis connection per green thread, and at a concurrency of
    /// 10,000 Redis's default of 10,000 clients failed their tasks ("max number of clients reached"). Redis lowers it to
    /// what its open-files limit allows, and says so in its log.
    /// </summary>
    public const string Lines = """
        appendonly yes
        appendfsync everysec
        save ""
        maxclients 50000

        """;

    /// <summary>Where the container reads the file, given as redis-server's first argument.</summary>
    public const string ContainerPath = "/usr/local/etc/redis/redis.conf";
}
