namespace Waitinator.TaskQueue.Backend;

/// <summary>
/// What recording one header result told: how many of the chord's parts are in, and, to exactly one caller once all
/// are in, the parts in header order so that it publishes the callback.
/// </summary>
public sealed record ChordProgress(long Ready, long Total, IReadOnlyList<ChordPart>? PartsToFire)
{
    public bool MustFireCallback => PartsToFire is not null;
}
