//! tlog-tiles: path encoding against the spec's examples, which tiles a tree has, tile
//! contents against brute force, and entry bundles.

use std::collections::BTreeMap;

use memoria_tlog::tile::{self, TILE_WIDTH};
use memoria_tlog::{Hash, Tile, TileLevel, leaf_hash};

use crate::{MemLog, reference};

fn hash_tile(level: u8, index: u64, width: u16) -> Tile {
    Tile {
        level: TileLevel::Hashes(level),
        index,
        width,
    }
}

#[test]
fn paths_follow_the_spec_examples() {
    let cases = [
        (hash_tile(0, 1234067, 256), "tile/0/x001/x234/067"),
        (hash_tile(0, 0, 256), "tile/0/000"),
        (hash_tile(3, 1000, 256), "tile/3/x001/000"),
        (hash_tile(1, 0, 17), "tile/1/000.p/17"),
        (hash_tile(0, 273, 112), "tile/0/273.p/112"),
        (
            Tile {
                level: TileLevel::Entries,
                index: 1234067,
                width: 5,
            },
            "tile/entries/x001/x234/067.p/5",
        ),
        (
            hash_tile(7, u64::MAX, 1),
            "tile/7/x018/x446/x744/x073/x709/x551/615.p/1",
        ),
    ];
    for (tile, path) in cases {
        assert_eq!(tile.path(), path);
        assert_eq!(Tile::parse_path(path).unwrap(), tile, "{path}");
    }
    for bad in [
        "",
        "tile",
        "tile/0",
        "tile/0/",
        "tile/0/1",
        "tile/0/0001",
        "tile/0/x000/001",
        "tile/0/001/002",
        "tile/0/x1/002",
        "tile/0/000.p/0",
        "tile/0/000.p/256",
        "tile/0/000.p/01",
        "tile/0/000.p/",
        "tile/00/000",
        "tile/8/000",
        "tile/-1/000",
        "tile/data/000",
        "tile/0/x018/x446/x744/x073/x709/x551/616",
        "tile/0/x999/x999/x999/x999/x999/x999/x999/999",
        "/tile/0/000",
        "tile/0/000/",
        "tile/0/../000",
    ] {
        assert!(Tile::parse_path(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn a_tree_of_70000_has_the_tiles_the_spec_lists() {
    let tiles = tile::new_tiles(0, 70_000);
    let count = |level: u8, full: bool| {
        tiles
            .iter()
            .filter(|t| t.level == TileLevel::Hashes(level) && t.is_full() == full)
            .count()
    };
    assert_eq!((count(0, true), count(0, false)), (273, 1));
    assert_eq!((count(1, true), count(1, false)), (1, 1));
    assert_eq!((count(2, true), count(2, false)), (0, 1));
    assert_eq!(tiles.len(), 277);
    let widths: Vec<(String, u16)> = tiles
        .iter()
        .filter(|t| !t.is_full())
        .map(|t| (t.path(), t.width))
        .collect();
    assert_eq!(
        widths,
        [
            ("tile/0/273.p/112".to_string(), 112),
            ("tile/1/001.p/17".to_string(), 17),
            ("tile/2/000.p/1".to_string(), 1)
        ]
    );
    assert!(tile::new_tiles(5, 5).is_empty());
    assert!(tile::new_tiles(0, 0).is_empty());
}

/// Growing a log step by step and writing `new_tiles` at each step leaves exactly the
/// tiles of the final tree, and each tile's hashes are the brute-force roots of the
/// leaf ranges they stand for.
#[test]
fn tiles_written_while_growing_match_the_final_tree() {
    let entries: Vec<Vec<u8>> = (0..700).map(|i| format!("e{i}").into_bytes()).collect();
    let leaves: Vec<Hash> = entries.iter().map(|e| leaf_hash(e)).collect();
    let mut log = MemLog::default();
    let mut written: BTreeMap<(TileLevel, u64), Vec<u8>> = BTreeMap::new();
    let steps = [1u64, 2, 255, 256, 257, 300, 511, 512, 513, 600, 700];
    let mut old = 0;
    for &size in &steps {
        while log.size < size {
            log.append(&entries[log.size as usize]);
        }
        for t in tile::new_tiles(old, size) {
            let bytes = tile::tile_hashes(&t, &log.stored).unwrap();
            assert_eq!(bytes.len(), usize::from(t.width) * 32);
            if let Some(before) = written.get(&(t.level, t.index)) {
                assert!(
                    bytes.starts_with(before),
                    "tile {t} changed its existing hashes"
                );
            }
            written.insert((t.level, t.index), bytes);
        }
        old = size;
    }
    let finals = tile::new_tiles(0, 700);
    assert_eq!(written.len(), finals.len());
    for t in finals {
        let bytes = &written[&(t.level, t.index)];
        let TileLevel::Hashes(level) = t.level else {
            unreachable!()
        };
        let span = 256usize.pow(u32::from(level));
        for (i, chunk) in bytes.chunks(32).enumerate() {
            let first = (t.index as usize * 256 + i) * span;
            let want = reference::mth(&leaves[first..first + span]);
            assert_eq!(chunk, want.as_bytes(), "{t} hash {i}");
        }
    }
}

#[test]
fn entry_bundles_round_trip_and_refuse_damage() {
    let entries: Vec<Vec<u8>> = vec![vec![], b"a".to_vec(), vec![0xff; 300], vec![1; 65535]];
    let bundle = tile::entry_bundle(&entries).unwrap();
    let back = tile::parse_entry_bundle(&bundle, 4).unwrap();
    assert_eq!(back, entries.iter().map(Vec::as_slice).collect::<Vec<_>>());
    assert!(tile::parse_entry_bundle(&bundle, 3).is_err());
    assert!(tile::parse_entry_bundle(&bundle, 5).is_err());
    assert!(tile::parse_entry_bundle(&bundle[..bundle.len() - 1], 4).is_err());
    let mut longer = bundle.clone();
    longer.push(0);
    assert!(tile::parse_entry_bundle(&longer, 4).is_err());
    assert!(tile::entry_bundle(&[vec![0u8; 65536]]).is_err());
    assert!(tile::entry_bundle::<Vec<u8>>(&[]).is_err());
    let too_many = vec![b"x".to_vec(); usize::from(TILE_WIDTH) + 1];
    assert!(tile::entry_bundle(&too_many).is_err());
}

#[test]
fn entry_tiles_have_no_hash_contents() {
    let log = MemLog::from_entries(&[b"a"]);
    let t = Tile {
        level: TileLevel::Entries,
        index: 0,
        width: 1,
    };
    assert!(tile::tile_hashes(&t, &log.stored).is_err());
    // A tile past the end of the stored hashes is an error, not a panic.
    assert!(tile::tile_hashes(&hash_tile(0, 0, 2), &log.stored).is_err());
    assert!(tile::tile_hashes(&hash_tile(7, u64::MAX, 256), &log.stored).is_err());
}
