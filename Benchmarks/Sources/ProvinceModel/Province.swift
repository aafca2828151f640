// Plain Codable mirror of the YAML written by Benchmarks/generate-province.py
// (the shape is documented at the top of that script; keep the two in step).
//
// Independent of Yams and of ThiDua on purpose: both decoders in the benchmark
// decode into exactly these types through the standard `Decodable` protocol.

/// Root of the benchmark configuration: one province.
public struct Province: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var departments: [Department]
    public var people: [Person]
    public var campaigns: [Campaign]

    enum CodingKeys: String, CodingKey {
        case id
        case name
        case departments
        case people
        case campaigns
    }
}

public struct Department: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var units: [Unit]

    enum CodingKeys: String, CodingKey {
        case id
        case name
        case units
    }
}

public struct Unit: Codable, Sendable, Equatable {
    public var id: String
    public var name: String

    enum CodingKeys: String, CodingKey {
        case id
        case name
    }
}

/// Employment kind of a person.
public enum PersonKind: String, Codable, Sendable, CaseIterable {
    case civilServant = "civil-servant"
    case publicEmployee = "public-employee"
    case worker = "worker"
}

/// Annual quality rating: hoàn thành xuất sắc / tốt / hoàn thành / không hoàn thành nhiệm vụ.
public enum Rating: String, Codable, Sendable, CaseIterable {
    case htxs
    case httnv
    case htnv
    case khtnv
}

public struct Person: Codable, Sendable, Equatable {
    public var id: String
    public var fullName: String
    public var unit: String
    public var position: String
    public var kind: PersonKind
    public var email: String
    public var phone: String
    public var rating: Rating
    public var disciplined: Bool
    public var underInvestigation: Bool
    public var monthsEmployed: Int
    /// Criterion id → score.
    public var scores: [String: Double]

    enum CodingKeys: String, CodingKey {
        case id
        case fullName = "full_name"
        case unit
        case position
        case kind
        case email
        case phone
        case rating
        case disciplined
        case underInvestigation = "under_investigation"
        case monthsEmployed = "months_employed"
        case scores
    }
}

public struct Campaign: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var issued: ISODate
    public var period: Period
    public var deadline: Deadline
    public var award: String
    public var criteria: [Criterion]

    enum CodingKeys: String, CodingKey {
        case id
        case title
        case issued
        case period
        case deadline
        case award
        case criteria
    }
}

public struct Period: Codable, Sendable, Equatable {
    public var start: ISODate
    public var end: ISODate

    enum CodingKeys: String, CodingKey {
        case start
        case end
    }
}

public struct Deadline: Codable, Sendable, Equatable {
    public var date: ISODate
    public var exclusive: Bool

    enum CodingKeys: String, CodingKey {
        case date
        case exclusive
    }
}

public enum CriterionKind: String, Codable, Sendable, CaseIterable {
    case rating
    case threshold
    case flag
    case points
}

/// The person attribute a `flag` criterion looks at.
public enum PersonFlag: String, Codable, Sendable, CaseIterable {
    case disciplined
    case underInvestigation = "under_investigation"
}

/// One criterion of a campaign. Which optional fields are present depends on `kind`.
public struct Criterion: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var kind: CriterionKind
    /// `rating` only.
    public var minimumRating: Rating?
    /// `threshold` only.
    public var minimumScore: Double?
    /// `threshold` only, in percent.
    public var thresholdPercent: Double?
    /// `flag` only.
    public var flag: PersonFlag?
    /// `flag` only.
    public var expected: Bool?
    /// `points` only.
    public var maxPoints: Int?
    /// `points` only.
    public var weight: Double?

    enum CodingKeys: String, CodingKey {
        case id
        case title
        case kind
        case minimumRating = "minimum_rating"
        case minimumScore = "minimum_score"
        case thresholdPercent = "threshold_percent"
        case flag
        case expected
        case maxPoints = "max_points"
        case weight
    }
}

extension Province {
    /// Counts taken from a decoded value, printed by the benchmark so that the
    /// decoding work cannot be optimised away and both decoders can be compared.
    public struct Summary: Sendable, Equatable {
        public var people: Int
        public var units: Int
        public var campaigns: Int
        public var criteria: Int
        public var scores: Int
        /// Sum of all scores, rounded to one decimal place.
        public var scoreSum: Double
    }

    public var summary: Summary {
        var scores = 0
        var sum = 0.0
        for person in people {
            scores += person.scores.count
            for value in person.scores.values { sum += value }
        }
        return Summary(
            people: people.count,
            units: departments.reduce(0) { $0 + $1.units.count },
            campaigns: campaigns.count,
            criteria: campaigns.reduce(0) { $0 + $1.criteria.count },
            scores: scores,
            scoreSum: (sum * 10).rounded() / 10
        )
    }
}

extension Province.Summary {
    /// `key=value` pairs for the benchmark's result line.
    public var fields: [(String, String)] {
        [
            ("people", String(people)),
            ("units", String(units)),
            ("campaigns", String(campaigns)),
            ("criteria", String(criteria)),
            ("scores", String(scores)),
            ("score_sum", String(scoreSum)),
        ]
    }
}
