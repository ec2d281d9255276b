namespace Waitinator.TaskQueue.Backend;

/// <summary>
/// What recording one header result told: to exactly one caller once all of the chord's parts are in, the parts in
/// header order so that it publishes the callback; to every other caller, nothing.
/// </summary>
public sealed record ChordProgress(IReadOnlyList<ChordPart>? PartsToFire)
{
    public bool MustFireCallback => PartsToFire is not null;
}
