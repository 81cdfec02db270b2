package syncbuf

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestConcurrentWritesAndReads(t *testing.T) {
	var b Buffer
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() { defer wg.Done(); fmt.Fprint(&b, "x"); _ = b.String(); _ = i }()
	}
	wg.Wait()
	assert.Len(t, b.String(), 50)
}
