use super::*;
use crate::dict::Dictionary;
use crate::tokenize::tokenize;

fn detector(tsv: &str) -> SpinDetector {
    SpinDetector::new(Dictionary::parse("t.tsv", tsv).unwrap().compile())
}

const MAP: &str = "\
a minimum of\tat least\t0.95\t\tt
assault\tattack\t0.95\t\tt
data\tinformation\t0.6\t\tt
individuals\tpeople\t0.95\t\tt
knowledgeable\texpert\t0.8\t\tt
knowledgeable\tskilled\t0.85\t\tt
mentioned\tsaid\t0.95\t\tt
nevertheless\thowever\t0.95\t\tt
uncommon\trare\t0.95\t\tt
";

fn run(d: &SpinDetector, text: &str) -> (String, Signals) {
    let mut signals = Signals::new();
    let props = crate::pipeline::decide(d.detect(text, &tokenize(text), &mut signals), 0.5);
    let mut out = text.to_string();
    for p in props.iter().rev() {
        out.replace_range(p.range.clone(), &p.replacement);
    }
    (out, signals)
}

#[test]
fn spun_document_is_repaired() {
    let d = detector(MAP);
    let (out, s) =
        run(&d, "Officers mentioned a minimum of 40 individuals saw the assault; nevertheless, data was scarce.");
    assert_eq!(out, "Officers said at least 40 people saw the attack; however, information was scarce.");
    assert_eq!(s["spin.gate"], 1.0);
}

#[test]
fn edited_english_gets_no_edits() {
    // Renderings occur in ordinary prose, but the words they replace dominate: not spun.
    let d = detector(MAP);
    let text = "People said the data showed a rare attack. Officials said at least two people mentioned it; \
                however, they said nothing else and people left.";
    let (out, s) = run(&d, text);
    assert_eq!(out, text);
    assert_eq!(s["spin.gate"], 0.0);
    assert!(s["spin.score"] < 0.5, "{s:?}");
}

#[test]
fn the_article_picks_the_candidate() {
    // "an knowledgeable": the original started with a vowel ("an expert", not "skilled"), despite
    // the prior.
    let d = detector(MAP);
    let (out, s) =
        run(&d, "He mentioned a uncommon assault, an knowledgeable mentioned, and individuals mentioned it.");
    assert_eq!(out, "He said a rare attack, an expert said, and people said it.");
    assert_eq!(s["spin.article_breaks"], 2.0);
}

#[test]
fn capitalised_words_are_left_alone() {
    // The spinner never rewrites capitalised words: "Data" at a sentence start is original.
    let d = detector(MAP);
    let (out, _) = run(&d, "Data mentioned individuals. Mentioned data: a minimum of assault individuals.");
    assert_eq!(out, "Data said people. Mentioned information: at least attack people.");
    // Inside a phrase too: "the Times" is a name, "At current" keeps its capitalised word.
    let d = detector(&format!("{MAP}at current\tat present\t0.9\t\tt\nthe times\tthe days\t0.9\t\tt\n"));
    let (out, _) = run(&d, "At current individuals mentioned the Times a minimum of assault.");
    assert_eq!(out, "At present people said the Times at least attack.");
}

#[test]
fn an_untouched_original_speaks_against_its_entry() {
    // "information" occurs as written, so the spinner does not rewrite it: "data" is original.
    let d = detector(MAP);
    let (out, _) =
        run(&d, "They mentioned the data and the information; a minimum of two assault individuals mentioned it.");
    assert!(out.starts_with("They said the data and the information"), "{out}");
}

#[test]
fn a_regression_starter_map_fired_on_clean_news() {
    // Issue 3: the context-blind starter made 21-28 false edits per 1,000 words on clean news.
    let cleaner = crate::Cleaner::new(crate::Config::default()).unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/clean/dev");
    let Ok(rd) = std::fs::read_dir(&dir) else { return };
    for f in rd {
        let path = f.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let out = cleaner.clean(&crate::Document::new("d", text.as_str()));
        assert!(
            out.edits.is_empty(),
            "{}: {:?}",
            path.display(),
            out.edits.iter().map(|e| &e.before).collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_broken_article_generates_a_candidate_for_review() {
    // "knowledgeable" is not in this dictionary; "an knowledgeable" proves a substitution.
    let d = detector("a minimum of\tat least\t0.95\t\tt\nassault\tattack\t0.95\t\tt\nmentioned\tsaid\t0.95\t\tt\n");
    let text = "Officers mentioned an assault killed a minimum of 40; an knowledgeable mentioned the assault.";
    let props = d.detect(text, &tokenize(text), &mut Signals::new());
    let generated: Vec<_> = props.iter().filter(|p| p.rule == "spin:generated").collect();
    assert_eq!(generated.len(), 1, "{props:?}");
    assert_eq!((&text[generated[0].range.clone()], generated[0].replacement.as_str()), ("knowledgeable", "expert"));
    assert!(generated[0].confidence < 0.5, "generated edits are for review, not applied by default");
    // Without the thesaurus nothing is generated.
    let d = detector("mentioned\tsaid\t0.95\t\tt\n").without_generated();
    assert!(d.detect(text, &tokenize(text), &mut Signals::new()).iter().all(|p| p.rule != "spin:generated"));
}

#[test]
fn a_curated_alternative_the_dev_spinner_contradicts_is_not_shipped() {
    // The dev spinner renders each original one way ("said" → "mentioned" 21/21): a curated
    // "stated" → "said" only fired on the author's own "stated" (scripts/prune_spin_map.py).
    let d = Dictionary::builtin(&["news".to_string()]).unwrap();
    let mined: std::collections::HashMap<String, Vec<&str>> =
        d.entries.iter().filter(|e| e.source.contains("dev-")).fold(Default::default(), |mut m, e| {
            m.entry(e.original.to_lowercase()).or_default().push(e.spun.as_str());
            m
        });
    let contradicted: Vec<String> = d
        .entries
        .iter()
        .filter(|e| !e.source.contains("dev-"))
        .filter_map(|e| {
            let other = mined.get(&e.original.to_lowercase())?;
            (!other.iter().any(|s| s.eq_ignore_ascii_case(&e.spun)))
                .then(|| format!("{}: {} -> {} (spinner: {other:?})", e.origin, e.spun, e.original))
        })
        .collect();
    assert!(contradicted.is_empty(), "{contradicted:#?}");
}

#[test]
fn a_few_survivors_do_not_veto_a_frequent_rendering() {
    // The spinner rewrites about 96 % of an original's occurrences: one untouched "information"
    // among twenty renderings is what it leaves behind, not proof that "data" is the author's.
    let d = detector(MAP);
    let spun = "Individuals mentioned the data. ".repeat(20) + "They mentioned the information.";
    let (out, _) = run(&d, &spun);
    assert_eq!(out.matches("the information").count(), 21, "{out}");
    // With a single rendering, the same untouched original still speaks against it.
    let (out, _) = run(&d, "Individuals mentioned the data and the information; a minimum of two assault individuals.");
    assert!(out.contains("the data and the information"), "{out}");
}

/// Each `(written, want)`: `written`, after a sentence that opens the gate, comes out as `want`
/// through the built-in dictionary and the whole stage.
fn builtin_restores(table: &[(&str, &str)]) {
    let d = SpinDetector::new(Dictionary::builtin(&["news".to_string()]).unwrap().compile());
    let spun = "Officers mentioned individuals in accordance with a minimum of two assaults earlier than. ";
    for (written, want) in table {
        let (out, _) = run(&d, &format!("{spun}{written}."));
        assert!(out.ends_with(&format!("{want}.")), "{written:?} -> {out:?}");
    }
}

#[test]
fn builtin_conditions_table() {
    // Entries whose rendering is also the author's word fire only in the context the original
    // needs: "government" is a singular count noun (a determiner before it, or a singular verb after it), "fighting" after
    // "preventing" is the noun or the intransitive verb, "were" (rendered "had been") has a plural
    // subject.
    builtin_restores(&[
        ("the Russian authorities mentioned it", "the Russian government said it"),
        ("Russian authorities mentioned it", "Russian authorities said it"),
        // The spinner keeps the verb: a singular one betrays "government", a plural one the author.
        ("Russian authorities is investigating", "Russian government is investigating"),
        ("the Russian authorities are investigating", "the Russian authorities are investigating"),
        ("the preventing in Gaza continued", "the fighting in Gaza continued"),
        ("they are preventing the next assault", "they are preventing the next attack"),
        ("many individuals had been killed", "many people were killed"),
        ("the assault had been deliberate", "the attack had been planned"),
        ("he had been warned", "he had been warned"),
        // "performed" is rendered in its intransitive use; the transitive phrasal verb is the author's.
        ("the singer who carried out at the hall", "the singer who performed at the hall"),
        ("they carried out the assault", "they carried out the attack"),
        // "debate" renders "discuss" as a verb only; the noun is the author's.
        ("officers refused to debate the assault", "officials refused to discuss the attack"),
        ("the presidential debate", "the presidential debate"),
        // Legal terms keep "assault"; the spinner's "assault" elsewhere is "attack".
        ("he was charged with sexual assault", "he was charged with sexual assault"),
        ("the assault rifle was found", "the assault rifle was found"),
        // "4" renders "four" before a plural noun, not in a time or a date.
        ("4 males were arrested", "four men were arrested"),
        ("at 4 p.m.", "at 4 p.m."),
        // "course of" renders "process" except in the author's "the course of", "a course of".
        ("the peace course of stalled", "the peace process stalled"),
        ("the course of is slow", "the process is slow"),
        ("over the course of the evening", "over the course of the evening"),
        ("a course of antibiotics", "a course of antibiotics"),
        // "each" renders "both" only with the "and" that "both" needs.
        ("each 2017 and 2019", "both 2017 and 2019"),
        ("each year the festival grows", "each year the festival grows"),
        // "fee" renders "rate" after a noun that takes a rate; a fee is the author's elsewhere.
        ("the unemployment fee rose", "the unemployment rate rose"),
        ("a fee of 20 dollars", "a fee of 20 dollars"),
        // "explicit" renders "particular" after a determiner "an" does not take.
        ("this explicit case", "this particular case"),
        ("an explicit threat", "an explicit threat"),
    ]);
}

#[test]
fn alternatives_share_one_posterior() {
    // exp(l) / (1 + Σ exp(l_i)), written without overflow for large logits.
    let p = |best: f64, all: &[f64]| super::posterior(best, all.iter().copied());
    assert!((p(0.0, &[0.0]) - 0.5).abs() < 1e-6);
    assert!((p(0.0, &[0.0, 0.0]) - 1.0 / 3.0).abs() < 1e-6);
    assert!((p(2.0, &[2.0, -1.0]) - (2f64.exp() / (1.0 + 2f64.exp() + (-1f64).exp())) as f32).abs() < 1e-6);
    assert!(p(800.0, &[800.0, 799.0]) > 0.7);
}

#[test]
fn formal_british_english_keeps_the_gate_shut() {
    // Many of this spinner's renderings are also ordinary formal or British English ("a useful
    // resource", "previous to", "subsequent to", "adverts", "nearer", "whilst"). Edited text that
    // uses them must not read as spun: only the renderings no editor writes count as evidence.
    let d = SpinDetector::new(Dictionary::builtin(&["news".to_string()]).unwrap().compile());
    let text = "Previous to his arrival the council had been taking part in the talks, and subsequent to \
        the merger the firm said it would accept legal responsibility. Prices level out whilst the adverts \
        run nearer the election; the guide is a useful resource for anyone becoming a member of the club. \
        Severe allergic reactions are rare, officials said, and the new child benefit is paid monthly. \
        Shopping for a house in a prison town is not a lot of fun, according to the survey of 2,000 people.";
    let (out, signals) = run(&d, text);
    assert_eq!(out, text, "{signals:?}");
}

#[test]
fn a_court_list_repeating_assault_keeps_the_gate_shut() {
    // Regression: a clean court list ("assault and robbery", "assault", …) opened the gate on
    // the one word it repeats. Each written form now counts at most `PER_FORM` times.
    let d = detector(MAP);
    let entry = "John Smith, assault; Mary Jones, stealing; ";
    let list = format!(
        "Cases for trial: {}Peter Brown, assault and robbery. The clerk said the people waited; the judge said so.",
        entry.repeat(6)
    );
    let (out, s) = run(&d, &list);
    assert_eq!(out, list);
    assert_eq!(s["spin.renderings"], 7.0);
    assert_eq!(s["spin.gate"], 0.0);
    // A spun document with many different renderings still opens it.
    let (_, s) =
        run(&d, "Officers mentioned a minimum of 40 individuals saw the assault; nevertheless, data was scarce.");
    assert_eq!(s["spin.gate"], 1.0);
}

#[test]
fn a_word_broken_across_lines_is_not_a_rendering() {
    // Regression: "stealing in a dwell-⏎ing" read "dwell" as the spinner's "live".
    let d = detector("dwell\tlive\t0.97\t\tt\nmentioned\tsaid\t0.95\t\tt\n");
    let (out, _) = run(&d, "Officers mentioned theft in a dwell-\ning, and a dwell-\r\n  ing.");
    assert_eq!(out, "Officers said theft in a dwell-\ning, and a dwell-\r\n  ing.");
    let (out, _) = run(&d, "Officers mentioned they dwell on it.");
    assert_eq!(out, "Officers said they live on it.");
}

#[test]
fn renderings_seen_in_the_family_pages_are_restored_in_a_spun_document() {
    // Round 4 entries (seen in this spinner family's published pages) through the whole stage:
    // the gate, the base rates and the language model must let them through in spun text.
    builtin_restores(&[
        ("In gentle of the information retailers", "In light of the news outlets"),
        ("a particular agent mentioned the deadly capturing", "a special agent said the fatal shooting"),
        ("the large receiver had an urge for food for it", "the wide receiver had an appetite for it"),
        ("it relies upon on the money movement", "it depends on the cash flow"),
    ]);
}

#[test]
fn round_5_renderings_seen_in_the_family_pages_are_restored_in_a_spun_document() {
    // Round 5 entries (read off spun copies of news articles: lowercase-only renderings, as the dev
    // spinner writes them) through the whole stage.
    builtin_restores(&[
        ("the victims have been damage", "the victims have been hurt"),
        ("he got first support on the time of the assault", "he got first aid at the time of the attack"),
        ("voters solid ballots", "voters cast ballots"),
        ("he was open to vary in observe", "he was open to change in practice"),
        ("a farm on a quiet nation street close-by", "a farm on a quiet country road nearby"),
        ("the victim was in important situation", "the victim was in critical condition"),
        ("the town is not removed from the border", "the town is not far from the border"),
        // Conditioned: "not removed from office" is the author's English even in a spun document.
        ("the mayor was not removed from office", "the mayor was not removed from office"),
    ]);
}

#[test]
fn round_5_renderings_that_are_also_english_stay_in_clean_text() {
    // Below the indicator prior: in a document with no other spinner evidence they are the author's.
    let d = SpinDetector::new(Dictionary::builtin(&["news".to_string()]).unwrap().compile());
    for clean in [
        "Every little thing she did was planned, the minister said.",
        "The college district held an information briefing for parents on Monday.",
        "The mayor was not removed from office after the vote.",
    ] {
        let (out, _) = run(&d, clean);
        assert_eq!(out, clean);
    }
}

#[test]
fn round_6_renderings_seen_in_the_family_pages_are_restored_in_a_spun_document() {
    // Round 6 entries (read off spun copies of crime and politics stories on content-farm sites:
    // broken articles, "information launch", "home occasion") through the whole stage.
    builtin_restores(&[
        ("one lady was pronounced lifeless at an space hospital", "one woman was pronounced dead at an area hospital"),
        ("the chief instructed reporters at a home occasion", "the chief told reporters at a house party"),
        ("police mentioned in a information launch", "police said in a news release"),
        ("it was on a avenue at 8 p.m. native time", "it was on a street at 8 p.m. local time"),
        ("he was hit by a automobile", "he was hit by a car"),
        ("police did not answer a request for remark", "police did not answer a request for comment"),
        ("their ages should not but known", "their ages are not yet known"),
        ("the bill passed in each chambers by easy majority", "the bill passed in both chambers by simple majority"),
    ]);
}

#[test]
fn round_7_renderings_seen_in_the_family_pages_are_restored_in_a_spun_document() {
    // Round 7 entries (read off spun copies of wire stories: a grocery-store shooting, a CDC shooting,
    // a CEO's killing, an infant's death) through the whole stage.
    builtin_restores(&[
        (
            "a gunman opened fireplace and police reported an energetic shooter",
            "a gunman opened fire and police reported an active shooter",
        ),
        ("she wrote in a publish on X", "she wrote in a post on X"),
        ("damage ensuing from the taking pictures", "damage resulting from the shooting"),
        (
            "he was not licensed to debate it on situation of anonymity",
            "he was not authorized to discuss it on condition of anonymity",
        ),
        ("a suppressor, one other identify for a silencer", "a suppressor, another name for a silencer"),
        (
            "false identification playing cards used to verify right into a hostel",
            "false identification cards used to check into a hostel",
        ),
        ("the demise was dominated a homicide", "the death was ruled a homicide"),
        ("he is set to seem earlier than a choose", "he is set to appear before a judge"),
        ("charged with indignity to a physique", "charged with indignity to a body"),
        (
            "a man was killed in a capturing Monday; the capturing incident",
            "a man was killed in a shooting Monday; the shooting incident",
        ),
        (
            "in a social media publish, police gave no particular particulars; please keep away from the realm",
            "in a social media post, police gave no specific details; please avoid the area",
        ),
        (
            "This report by The Canadian Press was first printed Jan. 16",
            "This report by The Canadian Press was first published Jan. 16",
        ),
    ]);
}

#[test]
fn round_7_first_printed_is_restored_only_in_a_canadian_press_story() {
    // Conditioned: "first printed" is the author's English outside the wire's closing line.
    builtin_restores(&[("the book was first printed in 1850", "the book was first printed in 1850")]);
}

#[test]
fn round_8_renderings_seen_in_the_family_pages_are_restored_in_a_spun_document() {
    // Round 8 entries (read off spun copies of two wire stories: a bar shooting, street attacks on
    // homeless men) through the whole stage.
    builtin_restores(&[
        ("the taking pictures befell shortly earlier than midnight", "the shooting took place shortly before midnight"),
        (
            "individuals have been exhibiting as much as native hospitals",
            "people have been showing up to local hospitals",
        ),
        ("a sleeping sufferer was shot within the suitable arm", "a sleeping victim was shot in the right arm"),
        ("he was listed as steady", "he was listed as stable"),
        ("he died of a gunshot wound to the top and neck", "he died of a gunshot wound to the head and neck"),
        (
            "police and a process pressure would urge them to hunt refuge",
            "police and a task force would urge them to seek refuge",
        ),
        (
            "sleeping on prepare seats as the subway prepare stopped",
            "sleeping on train seats as the subway train stopped",
        ),
    ]);
}

#[test]
fn round_8_conditioned_renderings_keep_the_authors_english() {
    // "befell", "wound to the top", "prepare" and "process pressure" are English where the condition
    // does not hold: an object after "befell", "of" after "top", a verb "prepare", an engineering text.
    builtin_restores(&[
        ("a strange fate befell him", "a strange fate befell him"),
        ("an accident befell the family", "an accident befell the family"),
        ("a wound to the top of the head", "a wound to the top of the head"),
        ("volunteers prepare beds at the shelter", "volunteers prepare beds at the shelter"),
        ("the process pressure rose in the reactor", "the process pressure rose in the reactor"),
    ]);
}

/// `first_word` borrows lowercase ASCII words: it must give what lowercasing the first word gives,
/// for ASCII, capitals, titlecase and other non-ASCII letters.
#[test]
fn first_word_is_the_lowercased_first_word() {
    for s in [
        "",
        " ",
        "apple pie",
        "Apple",
        "  an hour",
        "ÜBER alles",
        "ǅemal",
        "ΣΑΣ",
        "x-ray",
        "café",
        "İstanbul",
        "e\u{301}",
        "HTTP/2",
        "o'clock",
        "\u{a0}nbsp",
        "ﬁne",
    ] {
        let want = s.split_whitespace().next().map(str::to_lowercase);
        assert_eq!(super::first_word(s).map(|c| c.into_owned()), want, "{s:?}");
    }
}

#[test]
fn round_9_renderings_seen_in_the_family_pages_are_restored_in_a_spun_document() {
    // Round 9 entries (read off spun copies of two Chicago shooting stories and a park shooting)
    // through the whole stage.
    builtin_restores(&[
        ("the lady was 25 years previous", "the woman was 25 years old"),
        ("she has not but been publicly recognized", "she has not yet been publicly identified"),
        ("neighbours mentioned pictures rang out at 1 a.m", "neighbours said shots rang out at 1 a.m"),
        ("detectives are canvassing the world for video", "detectives are canvassing the area for video"),
        ("she was the youngest sufferer of the capturing", "she was the youngest victim of the shooting"),
        ("a memorial celebrating the lifetime of the sufferer", "a memorial celebrating the life of the victim"),
        ("police discovered her on the bottom, unresponsive", "police found her on the ground, unresponsive"),
        ("he was taken to a hospital in honest situation", "he was taken to a hospital in fair condition"),
        ("on the nook of Elm Avenue and Oak Street", "on the corner of Elm Avenue and Oak Street"),
    ]);
}

#[test]
fn round_9_conditioned_renderings_keep_the_authors_english() {
    // "years previous", "on the bottom", "nook of" and "the capturing" are English where the
    // condition does not hold: no number before "years", "of" after "bottom", an article after
    // "nook of", "of" or "and" after "capturing".
    builtin_restores(&[
        ("a few years previous he had moved", "a few years previous he had moved"),
        ("the wreck lay on the bottom of the harbour", "the wreck lay on the bottom of the harbour"),
        ("she read in a nook of the attic near the road", "she read in a nook of the attic near the road"),
        ("the capturing of the fort took three days", "the capturing of the fort took three days"),
        ("the capturing and killing of game", "the capturing and killing of game"),
    ]);
}

#[test]
fn round_10_renderings_seen_in_the_family_pages_are_restored_in_a_spun_document() {
    // Round 10 entries (read off spun copies of wire stories on random shootings in Detroit, an
    // arson and shooting in Houston and a hotel siege in Mogadishu) through the whole stage.
    builtin_restores(&[
        ("neighbours were asked to name 911 if they see him", "neighbours were asked to call 911 if they see him"),
        (
            "police do not know the id or whereabouts of the gunman",
            "police do not know the identity or whereabouts of the gunman",
        ),
        ("police launched a seek for the driver", "police launched a search for the driver"),
        ("the man was shot a number of occasions in the chest", "the man was shot multiple times in the chest"),
        ("a 3rd sufferer was taken to a hospital", "a third victim was taken to a hospital"),
        // Read off a spun copy of a wire story on a gunman who set fire to a Houston rental complex.
        ("the gunman was shot to dying outside", "the gunman was shot to death outside"),
        ("firefighters got here underneath hearth and retreated", "firefighters came under fire and retreated"),
        ("the motive continues to be underneath investigation", "the motive is still under investigation"),
        ("gunshots rang out, inflicting them to retreat", "gunshots rang out, causing them to retreat"),
        ("he set hearth to a rental advanced", "he set fire to a rental complex"),
        (
            "the suspect, whose identify was not given, was arrested",
            "the suspect, whose name was not given, was arrested",
        ),
        // Read off a spun copy of a wire story on the siege of a Mogadishu hotel.
        ("there was no rapid phrase on the victims", "there was no immediate word on the victims"),
    ]);
}

#[test]
fn round_10_name_911_after_a_determiner_is_the_authors_english() {
    // "the name 911" is a noun phrase, not the spinner's "call 911".
    builtin_restores(&[("the name 911 is known to all children", "the name 911 is known to all children")]);
}

#[test]
fn on_the_stays_before_a_non_place_noun() {
    // The spinner writes "on the" for every "at the", but "on the" is the author's before a noun that
    // takes "on" (the whole, the other hand, the night of, a register, a battlefield): the round-10
    // condition restores "at the" only before time, place, institution and event nouns or after a
    // word that takes "at". After "that" the bigram margin favours "at", so these fired before.
    builtin_restores(&[
        ("he said that on the whole it worked", "he said that on the whole it worked"),
        ("she said that on the other hand", "she said that on the other hand"),
        ("so that on the night of the assault", "so that on the night of the attack"),
        ("and that on the register of groups", "and that on the register of groups"),
        ("you can see that on the battlefield", "you can see that on the battlefield"),
    ]);
}

#[test]
fn on_the_becomes_at_the_before_a_place_or_time_noun() {
    // The condition keeps the spinner's "on the" restorable where "at the" is the English choice.
    builtin_restores(&[
        (
            "a senior fellow on the Royal United Services Institute",
            "a senior fellow at the Royal United Services Institute",
        ),
        ("he was treated on the hospital", "he was treated at the hospital"),
        ("he was not there on the time", "he was not there at the time"),
    ]);
}

#[test]
fn known_as_stays_after_an_adverb_that_takes_it() {
    // "better known as", "widely known as" are idioms with no "called" form ("better called" is not
    // in the bigram model); the spinner's own "often known as" renders "known as", not "often called".
    builtin_restores(&[
        ("the rebel better known as the Lion", "the rebel better known as the Lion"),
        ("a plan widely known as the Marshall Plan", "a plan widely known as the Marshall Plan"),
        ("a group often known as ISIS-Okay", "a group known as ISIS-K"),
        ("an affiliate known as Islamic State Khorasan", "an associate called Islamic State Khorasan"),
    ]);
}

#[test]
fn round_11_a_few_before_a_plural_noun_is_not_about_a() {
    // The dev article's "a few attainable" renders "about a possible", but before a plural noun
    // "a few" is the spinner's "some" (a family page on a house explosion: "a few buildings are
    // usually not protected to enter") or the author's own: "about a buildings" is no English.
    builtin_restores(&[
        (
            "some homes burned and a few buildings are usually not protected to enter",
            "some homes burned and a few buildings are usually not safe to enter",
        ),
        ("a few people left the hall", "a few people left the hall"),
        ("a few weeks earlier than the vote", "a few weeks before the vote"),
        // Singular nouns that end in "s" keep the dev rendering.
        ("an alert a few course of", "an alert about a process"),
        ("an alert this month a few attainable assault", "an alert this month about a possible attack"),
    ]);
}

#[test]
fn round_11_home_is_domestic_only_before_a_word_domestic_qualifies() {
    // The dev article's "home" for "domestic" ("home safety companies", "home terrorist threats"),
    // but the spinner also writes "home" for "house" (the Evansville page: "a home exploded"), and
    // "at home", "his home was searched" are the author's: "a domestic exploded" is no English.
    builtin_restores(&[
        ("a home exploded on Wednesday", "a home exploded on Wednesday"),
        ("he was at home when police arrived", "he was at home when police arrived"),
        ("his home was searched", "his home was searched"),
        ("the home safety companies", "the domestic security services"),
        ("home terrorist threats", "domestic terrorist threats"),
    ]);
}

#[test]
fn round_11_lifeless_as_a_predicate_is_dead() {
    // The family writes "lifeless" for "dead" (round 8-11 pages: "three persons are lifeless after
    // a home exploded"); before a noun or after "look", "apparently" it is the author's word.
    builtin_restores(&[
        ("three persons are lifeless after the blast", "three persons are dead after the blast"),
        ("the gunman left two individuals lifeless", "the gunman left two people dead"),
        ("they found a lifeless physique", "they found a lifeless body"),
        ("the faces must not look lifeless and dull", "the faces must not look lifeless and dull"),
    ]);
}

#[test]
fn round_12_simply_after_a_modal_is_easily_not_just() {
    // A family page on a Zion flash flood writes "simply" for "easily" ("flash floods can simply
    // sneak up on hikers"; the original: "can easily sneak up"): after a modal, and in "simply
    // put", "simply because", "simply" is not the spinner's "just".
    builtin_restores(&[
        ("flash floods can simply sneak up on hikers", "flash floods can simply sneak up on hikers"),
        ("the water could simply rise", "the water could simply rise"),
        ("the plan was, simply put, a failure", "the plan was, simply put, a failure"),
        ("the blast came simply after midnight", "the blast came just after midnight"),
        ("he was arrested simply days later", "he was arrested just days later"),
        ("they simply didn't have the money", "they just didn't have the money"),
    ]);
}

#[test]
fn round_12_large_is_big_only_before_a_noun_big_is_the_idiom_for() {
    // The Zion page writes "large sandstone cliffs" for "massive sandstone cliffs", and "large" is
    // the author's word in most places ("large gatherings" in the clean dev news); "big" is the
    // idiom before "deal", "tech", "brother", "picture", where "large" is the spinner's.
    builtin_restores(&[
        ("the park is known for its large sandstone cliffs", "the park is known for its large sandstone cliffs"),
        ("large gatherings were banned", "large gatherings were banned"),
        ("it was a large deal for the city", "it was a big deal for the city"),
        ("the rules for large tech firms", "the rules for big tech firms"),
    ]);
}

#[test]
fn round_12_renderings_seen_in_the_family_pages_are_restored_in_a_spun_document() {
    // A Brooklyn shooting page ("no arrests have but been made": yet → but, as in round 9's
    // "not but been") and the Zion flood page ("torrential rains can wash out trails, parking
    // heaps"; the original: "parking lots").
    builtin_restores(&[
        ("No arrests have but been made", "No arrests have yet been made"),
        ("rains can wash out trails and parking heaps", "rains can wash out trails and parking lots"),
    ]);
}

#[test]
fn round_12_police_officers_and_different_from_are_the_authors_words() {
    // A family page on the Sierra Leone protests (CNN, 2022-08-10) keeps the author's "police
    // officers" and the quoted "protesting is different from acting as a terrorist"; the dev
    // article's "officers" for officials and "different" for other (an attributive adjective)
    // had made them "police officials" and "other from".
    builtin_restores(&[
        ("killing young police officers", "killing young police officers"),
        ("senior officers mentioned", "senior officials said"),
        ("protesting is different from rioting", "protesting is different from rioting"),
        ("the results were different than expected", "the results were different than expected"),
        ("and different Kremlin critics", "and other Kremlin critics"),
    ]);
}

#[test]
fn round_12_at_occasions_is_at_times() {
    // The same page: "the protests grew violent at occasions" (the original: "at times"; round 10's
    // "shot a number of occasions" is "multiple times"); "at occasions like this" is English.
    builtin_restores(&[
        ("the protests grew violent at occasions", "the protests grew violent at times"),
        ("he spoke at occasions like this one", "he spoke at occasions like this one"),
    ]);
}

#[test]
fn round_12_at_the_moment_before_a_verb_is_now_not_today() {
    // A family-variant page (an NPR story on a Florida tropical storm) writes "tropical storm
    // warnings at the moment are in impact" for "are now in effect": before a finite verb
    // "at the moment" is "now", and "warnings today are" is not what the author wrote.
    builtin_restores(&[
        ("the warnings at the moment are in force", "the warnings at the moment are in force"),
        ("the water at the moment is rising", "the water at the moment is rising"),
        ("he is on the market at the moment", "he is on the market today"),
    ]);
}

#[test]
fn round_13_occasions_after_a_number_is_times_not_events() {
    // A family-variant page (reportwire.in, AP's 2022-08-12 Rushdie story) writes "stab him 10 to
    // fifteen occasions" for "10 to 15 times": after a count the family's "occasions" is "times",
    // and "fifteen events" is not what the author wrote.
    builtin_restores(&[
        ("he was hit ten to fifteen occasions", "he was hit ten to fifteen occasions"),
        ("she called several occasions", "she called several occasions"),
        ("the social occasions", "the social events"),
    ]);
}

#[test]
fn round_13_throughout_before_an_article_is_during_not_within() {
    // A family-variant page (thewall.fyi, the Rushdie story) writes "officers stated throughout a
    // Friday night press convention" for "during a Friday evening press conference"; the dev
    // article's three "throughout the" are "within the".
    builtin_restores(&[
        ("officers spoke throughout a press convention", "officials spoke throughout a press conference"),
        ("critics throughout the Russian safety institution", "critics within the Russian security establishment"),
    ]);
}

#[test]
fn round_13_a_go_to_entry_is_a_pass_not_a_visit() {
    // The same page: "He had a go to entry the grounds" for "a pass to enter the grounds".
    builtin_restores(&[
        ("he had a go to entry the grounds", "he had a go to entry the grounds"),
        ("after a go to Kyiv", "after a visit Kyiv"),
    ]);
}

#[test]
fn round_13_renderings_seen_in_the_family_pages_are_restored_in_a_spun_document() {
    // reportwire.in's spun copy of AP's Rushdie story: "was handled and launched from a hospital"
    // (treated and released) and "given the a long time of threats" (the decades of threats).
    builtin_restores(&[
        ("he was launched from a hospital", "he was released from a hospital"),
        ("given the a long time of threats", "given the decades of threats"),
    ]);
}

#[test]
fn round_13_a_third_variant_page_renderings_are_restored() {
    // muricasnews.blogspot.com's spun Rushdie follow-up: "the street to restoration has begun",
    // "his subsequent courtroom look".
    builtin_restores(&[
        ("the street to restoration has begun", "the road to recovery has begun"),
        ("awaiting his courtroom look", "awaiting his court appearance"),
    ]);
}

#[test]
fn round_14_ideas_and_prayers_is_thoughts_and_prayers() {
    // A family-variant page (saigonusanews.net, CNN's 2023-03-18 story on a Baltimore house fire)
    // quotes the police tweet as "Our ideas and prayers are with this household"; the tweet says
    // "Our thoughts and prayers are with this family".
    builtin_restores(&[(
        "our ideas and prayers are with the household",
        "our thoughts and prayers are with the family",
    )]);
}

#[test]
fn round_14_health_workers_workplace_near_a_death_is_the_medical_examiners_office() {
    // The same page: "CNN has reached out to the health worker’s workplace" (the medical examiner's
    // office, after three children died); the page writes a typographic apostrophe.
    builtin_restores(&[
        (
            "three children died and CNN reached out to the health worker’s workplace",
            "three children died and CNN reached out to the medical examiner’s office",
        ),
        (
            "three children died and CNN reached out to the health worker's workplace",
            "three children died and CNN reached out to the medical examiner's office",
        ),
        // With no word of death near it the phrase stays as written (the longest match whose
        // condition fails also keeps the shorter `workplace → office` off it).
        ("she inspected a health worker's workplace", "she inspected a health worker's workplace"),
    ]);
}

#[test]
fn round_14_causes_of_is_the_authors_not_reasons_of() {
    // The same page: "The causes of the youngsters's deaths" kept the author's "causes"; the
    // curated `causes → reasons` had made it "The reasons of the children's deaths".
    builtin_restores(&[
        ("the causes of the deaths are underneath investigation", "the causes of the deaths are under investigation"),
        ("for causes that are unclear", "for reasons that are unclear"),
    ]);
}

#[test]
fn round_14_acquired_after_an_auxiliary_is_not_got() {
    // The same page: "CNN … has not acquired a response" is "has not received"; US news writes
    // "has gotten", so after an auxiliary or "not" the curated `acquired → got` is not the original.
    builtin_restores(&[
        ("CNN has not acquired a response", "CNN has not acquired a response"),
        ("he acquired a ticket", "he got a ticket"),
    ]);
}

#[test]
fn round_14_throughout_before_a_demonstrative_is_not_within() {
    // The same page: "throughout this tragic loss" is "during this tragic loss"; the dev article's
    // three "throughout" (rendering "within") stand before "the".
    builtin_restores(&[
        ("officers are with them throughout this tragic loss", "officials are with them throughout this tragic loss"),
        ("critics throughout the Russian safety institution", "critics within the Russian security establishment"),
    ]);
}

#[test]
fn round_14_occasions_after_digits_is_times_not_events() {
    // Round 13's third variant page: "he was stabbed 10 occasions" (10 times); the round-13
    // condition listed the counts written in words only.
    builtin_restores(&[
        ("he was stabbed 10 occasions", "he was stabbed 10 occasions"),
        ("she called 3 occasions", "she called 3 occasions"),
        ("the social occasions", "the social events"),
    ]);
}

#[test]
fn round_14_thompson_fire_copies_renderings_are_restored() {
    // Two spun copies of NBC's 2024-07-03 Thompson Fire story (recentlyheard.com, arcticnow.com;
    // unspun on niagarapoem.com) and a variant copy of KCRA's story on the same fire.
    builtin_restores(&[
        (
            "they decided to evacuate the world the place her sister lived",
            "they decided to evacuate the area where her sister lived",
        ),
        (
            "they decided to evacuate the realm the place her sister lived",
            "they decided to evacuate the area where her sister lived",
        ),
        ("she left by the point an official order was issued", "she left by the time an official order was issued"),
        ("the county has additionally arrange two shelters", "the county has also set up two shelters"),
        ("the agency activated an incident administration team", "the agency activated an incident management team"),
        ("the town is not any stranger to fires", "the town is no stranger to fires"),
        ("the town isn’t any stranger to fires", "the town is no stranger to fires"),
        ("the state is utilizing each out there tool", "the state is using every available tool"),
        ("the state is best ready than ever", "the state is better prepared than ever"),
        ("it burned 3,002 acres, a soar from 2,136 acres", "it burned 3,002 acres, a jump from 2,136 acres"),
    ]);
}

#[test]
fn round_14_thompson_fire_copies_keep_the_authors_english() {
    // The same pages: conditions on existing entries that the pages' sentences showed firing on
    // the author's words ("had expert", "specifically because", "at-threat"), and the new entries'
    // conditions.
    builtin_restores(&[
        ("fires the county had skilled", "fires the county had skilled"),
        ("the skilled negotiator", "the expert negotiator"),
        ("optimistic, particularly as the wind dropped", "optimistic, particularly as the wind dropped"),
        ("they warned particularly of the danger", "they warned specifically of the risk"),
        ("they guard at-risk communities", "they guard at-risk communities"),
        ("he was stabbed by the point of a knife", "he was stabbed by the point of a knife"),
        ("they will arrange a meeting", "they will arrange a meeting"),
    ]);
}

/// The reason head written once per entry reads as the whole reason was written before: map,
/// prior, the condition as it displays, then the proposal's own notes and the document score.
#[test]
fn reasons_start_with_the_entry_map_prior_and_condition() {
    let map = format!("{MAP}accidents\tinjuries\t0.95\tprev:suffered OR prev:minor\tcurated\n");
    let d = detector(&map);
    let text = "Officers mentioned 40 individuals suffered accidents; nevertheless, the assault was uncommon.";
    let mut signals = Signals::new();
    let props = d.detect(text, &tokenize(text), &mut signals);
    let p = props.iter().find(|p| p.replacement == "injuries").expect("the conditional entry is proposed");
    let e = d.matcher.entries().iter().find(|e| e.original == "injuries").unwrap();
    let head =
        format!("spinner map (curated): \"accidents\" renders \"injuries\"; prior 0.95; condition {} holds; ", e.when);
    assert!(p.reason.starts_with(&head), "{}", p.reason);
    assert!(p.reason.contains("; document spin score "), "{}", p.reason);
    let plain = props.iter().find(|p| p.replacement == "said").unwrap();
    assert!(
        plain.reason.starts_with("spinner map (t): \"mentioned\" renders \"said\"; prior 0.95; "),
        "{}",
        plain.reason
    );
}

#[test]
fn curly_apostrophe_matches_ascii_entry_and_keeps_the_inputs_apostrophe() {
    // Issue 3 (round 14b): the shipped rows are written with `'`; pages mostly write `’`. Each
    // row matches both forms and its original comes out in the form the text used at that place.
    builtin_restores(&[
        ("the town isn’t any stranger to fires", "the town is no stranger to fires"),
        ("the town isn't any stranger to fires", "the town is no stranger to fires"),
        ("the ladies’s team won", "the women’s team won"),
        ("the ladies's team won", "the women's team won"),
        ("the youngsters’s hospital", "the children’s hospital"),
        ("the youngsters's hospital", "the children's hospital"),
        ("the males’s team", "the men’s team"),
        ("we’ll should wait", "we’ll have to wait"),
        ("we'll should wait", "we'll have to wait"),
        (
            "three children died and CNN reached out to the health worker's workplace",
            "three children died and CNN reached out to the medical examiner's office",
        ),
    ]);
}

#[test]
fn curly_apostrophe_in_the_text_meets_an_ascii_condition_word() {
    // `prev:didn't` (the row no longer lists `prev:didn’t` too) holds after "didn’t".
    let d = detector(&format!("{MAP}debate\tdiscuss\t0.95\tprev:didn't\tt\n"));
    let spun = "Officers mentioned a minimum of 40 individuals saw the assault; nevertheless, data was scarce. ";
    for (written, want) in [
        ("They didn’t debate it.", "They didn’t discuss it."),
        ("They didn't debate it.", "They didn't discuss it."),
        ("They did not debate it.", "They did not debate it."),
    ] {
        let (out, _) = run(&d, &format!("{spun}{written}"));
        assert!(out.ends_with(want), "{written:?} -> {out:?}");
    }
}

#[test]
fn an_untouched_original_in_the_other_apostrophe_form_still_counts() {
    // The untouched-original evidence searches both forms: "women’s" written elsewhere counts
    // against the ASCII row "ladies's → women's".
    let d = detector("ladies's\twomen's\t0.95\t\tt\n");
    let ev = |text: &str| d.doc_evidence(text).0.original_count(0);
    assert_eq!(ev("the women’s team and the ladies’s team"), 1);
    assert_eq!(ev("the women's team and the ladies’s team"), 1);
    assert_eq!(ev("the men’s team and the ladies’s team"), 0);
}

#[test]
fn round_22_court_and_company_copies_renderings_are_restored() {
    // recentlyheard.com's copies of ABC's Menendez verdict and the Karen Read mistrial stories
    // (ABC, CNN, USA Today/AP), arcticnow.com's NBC copy, afrigather.com's AP Red Lobster copy.
    builtin_restores(&[
        ("gifts in alternate for favours", "gifts in exchange for favours"),
        ("bribes within the type of gold bars", "bribes in the form of gold bars"),
        ("driving below the affect of alcohol", "driving under the influence of alcohol"),
        ("driving underneath the affect of alcohol", "driving under the influence of alcohol"),
        ("the jury was at an deadlock", "the jury was at an impasse"),
        ("a extreme adherence to beliefs", "a severe adherence to beliefs"),
        ("he died of blunt power trauma", "he died of blunt force trauma"),
        ("over 600 items of proof", "over 600 pieces of evidence"),
        ("the chain filed for chapter safety", "the chain filed for bankruptcy protection"),
        ("they hold making an attempt", "they keep trying"),
        ("the assault had been deliberate", "the attack had been planned"),
    ]);
}

#[test]
fn round_22_clean_english_near_the_new_entries_stays() {
    // Non-corrections: the verb "deliberate" after "to" (the ABC copy's "To proceed to deliberate
    // can be futile" had become "to planned"), and English that shares words with the new rows.
    builtin_restores(&[
        ("the jurors went on to deliberate for days", "the jurors went on to deliberate for days"),
        ("classes meet in alternate weeks", "classes meet in alternate weeks"),
        ("it was a deadlock in the talks", "it was a deadlock in the talks"),
        ("the affect of the patient was flat", "the affect of the patient was flat"),
    ]);
}

#[test]
fn introduced_is_announced_only_as_the_reporting_verb() {
    // "introduced" renders "announced" as the reporting verb (the dev article's "the F.S.B.
    // introduced that"); in the passive and before "extra"/"additional" it renders "brought" or is
    // the author's word. Every unchanged case below became "announced" on round 22's map.
    builtin_restores(&[
        ("the F.S.B. introduced that it had killed him", "the F.S.B. announced that it had killed him"),
        ("the fire was introduced below management", "the fire was brought under control"),
        ("the fire was introduced underneath management", "the fire was brought under control"),
        ("the fire was introduced beneath management", "the fire was brought under control"),
        ("the bill was introduced in Congress", "the bill was introduced in Congress"),
        ("the measure had been introduced last year", "the measure had been introduced last year"),
        ("the law will be introduced in May", "the law will be introduced in May"),
        ("the rules are introduced", "the rules are introduced"),
        ("they introduced extra assets to the front line", "they introduced more resources to the front line"),
        ("police introduced additional officers", "police introduced additional officials"),
    ]);
}

#[test]
fn round_23_false_edits_on_the_family_pages_are_gone() {
    // False edits round 22 saw on spun court and company copies; each of the first four rows
    // came out wrong on round 22's map ("including her car", "federal prices", "through what",
    // "a follow saying"). The rows after them are the entries' own uses, which must still fire.
    builtin_restores(&[
        ("she struck him together with her automotive", "she struck him together with her car"),
        ("the 16 federal costs include bribery and extortion", "the 16 federal costs include bribery and extortion"),
        ("it depends by way of what they suppose", "it depends by way of what they think"),
        ("she left a observe saying goodbye", "she left a note saying goodbye"),
        ("several elements, together with fatigue", "several factors, including fatigue"),
        ("the food arrived by way of the border crossing", "the food arrived through the border crossing"),
        ("the police observe the suspects", "the police follow the suspects"),
        ("they will observe up on the tip", "they will follow up on the tip"),
    ]);
}

#[test]
fn round_23_court_and_company_copies_renderings_are_restored() {
    // Renderings round 22 saw on spun court and company copies and left unrestored; none of them
    // is restored by round 22's map. The last row is a control: the quoted line keeps "dying".
    builtin_restores(&[
        ("the decide dismissed the case", "the judge dismissed the case"),
        ("a decide ruled on Tuesday", "a judge ruled on Tuesday"),
        ("he was charged with second-degree homicide", "he was charged with second-degree murder"),
        ("he faces tried homicide charges", "he faces attempted murder charges"),
        ("an post-mortem was carried out", "an autopsy was performed"),
        ("the dying of the teenager shocked the town", "the death of the teenager shocked the town"),
        ("the chain entered right into a settlement", "the chain entered into a settlement"),
        ("the chain entered right into an agreement", "the chain entered into an agreement"),
        ("she rose to the highest put up", "she rose to the top post"),
        ("the costs against him were dropped", "the charges against him were dropped"),
        ("he faces criminal costs in two states", "he faces criminal charges in two states"),
        ("rage against the dying of the light", "rage against the dying of the light"),
    ]);
}
