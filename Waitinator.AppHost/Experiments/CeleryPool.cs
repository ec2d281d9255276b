namespace Waitinator.AppHost.Experiments;

/// <summary>Celery's execution pools (`celery worker -P`), as the original investigation compared them.</summary>
public enum CeleryPool
{
    Prefork,
    Gevent,
    Eventlet,
    Threads,
    Solo,
}
