//! Transparent compression: gzip and zstd inputs are recognised by their magic bytes, and a
//! file written under `--out-dir` or in place is compressed like its name says (`.gz`, `.zst`).

use std::io::{self, BufRead, Read, Write};
use std::path::Path;

/// A compression format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Plain,
    Gzip,
    Zstd,
}

impl Format {
    /// The format a file's name says it has.
    pub fn of_path(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some("gz") => Format::Gzip,
            Some("zst") | Some("zstd") => Format::Zstd,
            _ => Format::Plain,
        }
    }

    /// The format the first bytes of a stream show.
    pub fn sniff(head: &[u8]) -> Format {
        if head.starts_with(&[0x1f, 0x8b]) {
            Format::Gzip
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Format::Zstd
        } else {
            Format::Plain
        }
    }
}

/// Reads `inner`, decompressing it when its first bytes show gzip or zstd.
pub fn decompressing<R: Read + Send + 'static>(inner: R) -> io::Result<Box<dyn BufRead + Send>> {
    let mut inner = Buffered::new(inner);
    let format = Format::sniff(inner.fill_buf()?);
    Ok(match format {
        Format::Plain => Box::new(inner),
        // Multi-member: `cat a.gz b.gz` is a valid gzip stream, as pigz and bgzip write.
        Format::Gzip => Box::new(Buffered::new(flate2::bufread::MultiGzDecoder::new(inner))),
        Format::Zstd => Box::new(Buffered::new(zstd::stream::read::Decoder::with_buffer(inner)?)),
    })
}

/// A read buffer that starts small and doubles up to [`MAX_BUFFER`] while reads fill it: a
/// `BufReader` of 1 MiB over a reader without `read_buf` (ours count bytes for the progress bar)
/// zeroes the whole megabyte before its first read, which over many small files was 4% of an OCR
/// run; a large input still ends up read a megabyte at a time.
struct Buffered<R> {
    inner: R,
    buf: Vec<u8>,
    pos: usize,
    filled: usize,
}

/// The first buffer's size.
const FIRST_BUFFER: usize = 16 << 10;
/// The largest buffer.
const MAX_BUFFER: usize = 1 << 20;

impl<R: Read> Buffered<R> {
    fn new(inner: R) -> Buffered<R> {
        Buffered { inner, buf: vec![0; FIRST_BUFFER], pos: 0, filled: 0 }
    }
}

impl<R: Read> Read for Buffered<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        // Nothing buffered and a large request: read straight into it.
        if self.pos == self.filled && out.len() >= self.buf.len() {
            return self.inner.read(out);
        }
        let n = {
            let mut have = self.fill_buf()?;
            have.read(out)?
        };
        self.consume(n);
        Ok(n)
    }

    fn read_to_end(&mut self, out: &mut Vec<u8>) -> io::Result<usize> {
        let buffered = self.filled - self.pos;
        out.extend_from_slice(&self.buf[self.pos..self.filled]);
        self.pos = self.filled;
        Ok(buffered + self.inner.read_to_end(out)?)
    }
}

impl<R: Read> BufRead for Buffered<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos == self.filled {
            // The last read filled the buffer: the input is large, read more at a time.
            if self.filled == self.buf.len() && self.buf.len() < MAX_BUFFER {
                self.buf.resize(self.buf.len() * 2, 0);
            }
            self.filled = self.inner.read(&mut self.buf)?;
            self.pos = 0;
        }
        Ok(&self.buf[self.pos..self.filled])
    }

    fn consume(&mut self, n: usize) {
        self.pos = (self.pos + n).min(self.filled);
    }
}

/// A writer that compresses into `inner`; [`Compressor::finish`] writes the trailer and gives
/// `inner` back.
pub enum Compressor<W: Write> {
    Plain(W),
    Gzip(flate2::write::GzEncoder<W>),
    Zstd(zstd::stream::write::Encoder<'static, W>),
}

impl<W: Write> Compressor<W> {
    pub fn new(inner: W, format: Format) -> io::Result<Compressor<W>> {
        Ok(match format {
            Format::Plain => Compressor::Plain(inner),
            // Level 3 gzip: close to the default's ratio on text at about twice its speed.
            Format::Gzip => Compressor::Gzip(flate2::write::GzEncoder::new(inner, flate2::Compression::new(3))),
            Format::Zstd => {
                let mut enc = zstd::stream::write::Encoder::new(inner, 3)?;
                enc.include_checksum(true)?;
                Compressor::Zstd(enc)
            }
        })
    }

    pub fn finish(self) -> io::Result<W> {
        match self {
            Compressor::Plain(w) => Ok(w),
            Compressor::Gzip(e) => e.finish(),
            Compressor::Zstd(e) => e.finish(),
        }
    }
}

impl<W: Write> Write for Compressor<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Compressor::Plain(w) => w.write(buf),
            Compressor::Gzip(e) => e.write(buf),
            Compressor::Zstd(e) => e.write(buf),
        }
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Compressor::Plain(w) => w.write_all(buf),
            Compressor::Gzip(e) => e.write_all(buf),
            Compressor::Zstd(e) => e.write_all(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Compressor::Plain(w) => w.flush(),
            Compressor::Gzip(e) => e.flush(),
            Compressor::Zstd(e) => e.flush(),
        }
    }
}

/// Compresses `bytes` whole, for files written in one piece.
pub fn compress(bytes: &[u8], format: Format) -> io::Result<Vec<u8>> {
    let mut c = Compressor::new(Vec::with_capacity(bytes.len() / 3), format)?;
    c.write_all(bytes)?;
    c.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_each_format() {
        let text = "line one\nline two\n".repeat(1000);
        for format in [Format::Plain, Format::Gzip, Format::Zstd] {
            let packed = compress(text.as_bytes(), format).unwrap();
            assert_eq!(Format::sniff(&packed), format);
            let mut back = String::new();
            decompressing(io::Cursor::new(packed)).unwrap().read_to_string(&mut back).unwrap();
            assert_eq!(back, text, "{format:?}");
        }
    }

    #[test]
    fn concatenated_gzip_members_read_as_one_stream() {
        let mut both = compress(b"a\n", Format::Gzip).unwrap();
        both.extend(compress(b"b\n", Format::Gzip).unwrap());
        let mut back = String::new();
        decompressing(io::Cursor::new(both)).unwrap().read_to_string(&mut back).unwrap();
        assert_eq!(back, "a\nb\n");
    }

    #[test]
    fn the_growing_buffer_reads_every_byte() {
        // Lines across buffer boundaries, as the buffer grows from its first size to its largest.
        let text: String = (0..200_000).map(|i| format!("line {i}\n")).collect();
        let mut r = decompressing(io::Cursor::new(text.clone().into_bytes())).unwrap();
        let (mut back, mut line) = (Vec::new(), Vec::new());
        while r.read_until(b'\n', &mut line).unwrap() > 0 {
            back.append(&mut line);
        }
        assert_eq!(back, text.as_bytes());
        let mut b = Buffered::new(io::Cursor::new(text.clone().into_bytes()));
        let mut head = [0u8; 7];
        b.read_exact(&mut head).unwrap();
        let mut rest = Vec::new();
        b.read_to_end(&mut rest).unwrap();
        assert_eq!([&head[..], &rest].concat(), text.as_bytes());
        let mut b = Buffered::new(io::Cursor::new(text.clone().into_bytes()));
        io::copy(&mut b, &mut io::sink()).unwrap();
        assert_eq!(b.buf.len(), MAX_BUFFER);
    }

    #[test]
    fn format_follows_the_file_name() {
        assert_eq!(Format::of_path(Path::new("x/shard.jsonl.gz")), Format::Gzip);
        assert_eq!(Format::of_path(Path::new("shard.jsonl.zst")), Format::Zstd);
        assert_eq!(Format::of_path(Path::new("a.txt")), Format::Plain);
    }
}
