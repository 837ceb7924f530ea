package model

// RiskFactor is one reason the score moved, with its points.
type RiskFactor struct {
	ID     string `json:"id"`
	Points int    `json:"points"`
	Detail string `json:"detail"`
}

// RiskProfile is the computed risk of one agent.
type RiskProfile struct {
	Tier    string       `json:"tier"`
	Score   int          `json:"score"`
	Factors []RiskFactor `json:"factors"`
}
